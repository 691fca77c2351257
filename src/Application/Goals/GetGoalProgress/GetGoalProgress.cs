using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Time;
using FinInfra.Domain.Common;
using FinInfra.Domain.Goals;
using Mediator;

namespace FinInfra.Application.Goals.GetGoalProgress;

/// <summary>A goal's progress as of <paramref name="Date"/> (today when null).</summary>
public sealed record GetGoalProgressQuery(Guid GoalId, DateOnly? Date = null) : IQuery<GoalProgressDto>;

public sealed record GoalProgressDto(
    decimal TargetAmount, decimal CurrentAmount, DateOnly TargetDate, DateOnly AsOf,
    decimal PercentComplete, decimal Remaining, int MonthsLeft, decimal MonthlyContributionNeeded,
    decimal ExpectedAmount, string Status);

public sealed class GetGoalProgressQueryHandler(IReadRepository<Goal> goals, TimeProvider clock) : IQueryHandler<GetGoalProgressQuery, GoalProgressDto>
{
    public async ValueTask<GoalProgressDto> Handle(GetGoalProgressQuery query, CancellationToken cancellationToken)
    {
        var goal = await goals.GetOwnedAsync(query.GoalId, cancellationToken);
        var asOf = query.Date ?? clock.Today();
        return GoalProgress.Of(goal.TargetAmount, goal.CurrentAmount, DateOnly.FromDateTime(goal.CreatedAt.UtcDateTime), goal.TargetDate, asOf);
    }
}

/// <summary>
/// The arithmetic of goal progress, written down in docs/adr/0006-derived-answers.md:
/// <list type="bullet">
/// <item>percentComplete = current / target × 100, rounded to 2 decimals, capped at 100; below the target it shows at most 99.99.</item>
/// <item>monthsLeft = months from the as-of day to the target date, a started month counting as a whole one; 0 once the target date is reached.</item>
/// <item>monthlyContributionNeeded = remaining / monthsLeft rounded up to the cent (paying it every month arrives on time);
/// the whole remainder when no month is left.</item>
/// <item>status: achieved when current ≥ target (<see cref="Goal.Reaches"/>); otherwise overdue after the target date; otherwise on_track when current is
/// at least the linear expectation target × (days since creation ÷ days from creation to target date), else behind.</item>
/// </list>
/// </summary>
public static class GoalProgress
{
    public const string Achieved = "achieved";
    public const string OnTrack = "on_track";
    public const string Behind = "behind";
    public const string Overdue = "overdue";

    public static GoalProgressDto Of(decimal target, decimal current, DateOnly createdOn, DateOnly targetDate, DateOnly asOf)
    {
        var achieved = Goal.Reaches(current, target);
        var remaining = Math.Max(target - current, 0m);
        // 100 % is reserved for an achieved goal: 999.99 of 1 000 000 must not display as 100.00 next to "behind".
        var percent = achieved ? 100m : Math.Min(99.99m, Math.Round(current / target * 100m, 2, MidpointRounding.AwayFromZero));
        var monthsLeft = MonthsLeft(asOf, targetDate);
        var monthly = remaining == 0 ? 0m : monthsLeft == 0 ? remaining : Math.Ceiling(remaining / monthsLeft * 100m) / 100m;
        var expected = Expected(target, createdOn, targetDate, asOf);
        var status = achieved ? Achieved
            : asOf > targetDate ? Overdue
            : current >= expected ? OnTrack
            : Behind;
        return new GoalProgressDto(target, current, targetDate, asOf, percent, remaining, monthsLeft, monthly, expected, status);
    }

    private static int MonthsLeft(DateOnly asOf, DateOnly targetDate)
    {
        if (targetDate <= asOf) return 0;
        var months = (targetDate.Year - asOf.Year) * 12 + targetDate.Month - asOf.Month;
        // Comparing against the target avoids stepping past the last representable day.
        return targetDate > (CalendarMonths.AddClamped(asOf, months) ?? DateOnly.MaxValue) ? months + 1 : months;
    }

    /// <summary>Where a straight line from nothing at creation to the target on the target date stands on the as-of day, rounded to the cent.</summary>
    private static decimal Expected(decimal target, DateOnly createdOn, DateOnly targetDate, DateOnly asOf)
    {
        var totalDays = targetDate.DayNumber - createdOn.DayNumber;
        var elapsed = Math.Clamp(asOf.DayNumber - createdOn.DayNumber, 0, Math.Max(totalDays, 0));
        if (totalDays <= 0) return target;
        return Math.Round(target * elapsed / totalDays, 2, MidpointRounding.AwayFromZero);
    }
}
