using FinInfra.Application.Common.Time;
using FluentValidation;

namespace FinInfra.Application.Analytics;

/// <summary>A date range asked of analytics; both ends inclusive, each optional.</summary>
public interface IAnalyticsRange
{
    DateOnly? From { get; }
    DateOnly? To { get; }
}

/// <summary>
/// Defaults and bounds shared by the analytics answers: to = today, from = the first day of the month eleven months
/// earlier (twelve calendar months in all); a range spans at most ten years, which bounds the month list.
/// </summary>
public static class AnalyticsRange
{
    public const int MaxDays = 3660;

    public static (DateOnly From, DateOnly To) Resolve(IAnalyticsRange range, TimeProvider clock)
    {
        var to = range.To ?? clock.Today();
        var monthStart = new DateOnly(to.Year, to.Month, 1);
        var from = range.From ?? (monthStart.Year > 1 ? monthStart.AddMonths(-11) : DateOnly.MinValue);
        return (from, to);
    }

    public static void AddRules<T>(AbstractValidator<T> validator, TimeProvider clock) where T : IAnalyticsRange =>
        validator.RuleFor(q => q).Custom((query, context) =>
        {
            var (from, to) = Resolve(query, clock);
            if (from > to) context.AddFailure("to", "'to' must be on or after 'from'.");
            else if (to.DayNumber - from.DayNumber > MaxDays) context.AddFailure("from", $"The range can span at most {MaxDays} days.");
        });
}
