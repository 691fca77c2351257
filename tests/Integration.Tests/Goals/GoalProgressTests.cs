using FinInfra.Application.Common.Exceptions;
using FinInfra.Application.Goals.GetGoalProgress;
using FinInfra.Domain.Goals;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.Repositories;
using FinInfra.Integration.Tests.Infrastructure;

namespace FinInfra.Integration.Tests.Goals;

/// <summary>
/// A goal of 1 200.00 created 2026-01-01 for 2027-01-01 (365 days). On 2026-07-02, 182 days in, the linear
/// expectation is 1 200 × 182 / 365 = 598.356… → 598.36; six months are left (2026-07-02 + 6 months passes the target).
/// </summary>
public sealed class GoalProgressTests
{
    private static async Task<GoalProgressDto> ProgressAsync(DatabaseProvider provider, decimal current, string asOf, bool asStranger = false)
    {
        await using var data = await SeededUser.CreateAsync(provider);
        var goal = Goal.Create(data.UserId, "Emergency fund", 1200m, current, new DateOnly(2027, 1, 1), GoalPriority.High);
        await data.AddAsync(goal, clock: TestClock.On("2026-01-01"));
        var (stranger, _) = await SeededUser.AddUserAsync(data.Database, $"stranger-{Guid.NewGuid():N}@example.com");

        await using var db = data.UserContext(asStranger ? stranger : null);
        var handler = new GetGoalProgressQueryHandler(new EfReadRepository<Goal>(db), TestClock.On(asOf));
        return await handler.Handle(new GetGoalProgressQuery(goal.Id), CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ahead_of_the_line_is_on_track(DatabaseProvider provider)
    {
        var progress = await ProgressAsync(provider, 700m, "2026-07-02");

        Assert.Equal((58.33m, 500m, 6, 83.34m, 598.36m, "on_track"),
            (progress.PercentComplete, progress.Remaining, progress.MonthsLeft, progress.MonthlyContributionNeeded, progress.ExpectedAmount, progress.Status));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Below_the_line_is_behind(DatabaseProvider provider)
    {
        var progress = await ProgressAsync(provider, 500m, "2026-07-02");

        Assert.Equal((41.67m, 700m, 6, 116.67m, "behind"),
            (progress.PercentComplete, progress.Remaining, progress.MonthsLeft, progress.MonthlyContributionNeeded, progress.Status));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Past_the_target_date_unfinished_is_overdue_and_needs_the_rest_at_once(DatabaseProvider provider)
    {
        var progress = await ProgressAsync(provider, 500m, "2027-01-02");

        Assert.Equal((0, 700m, "overdue"), (progress.MonthsLeft, progress.MonthlyContributionNeeded, progress.Status));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reaching_the_target_is_achieved_and_capped_at_100_percent(DatabaseProvider provider)
    {
        var progress = await ProgressAsync(provider, 1300m, "2027-03-01");

        Assert.Equal((100m, 0m, 0m, "achieved"), (progress.PercentComplete, progress.Remaining, progress.MonthlyContributionNeeded, progress.Status));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Another_users_goal_is_not_found(DatabaseProvider provider) =>
        await Assert.ThrowsAsync<NotFoundException>(() => ProgressAsync(provider, 1m, "2026-07-02", asStranger: true));

    [Theory]
    [InlineData("2026-01-15", "2026-07-15", 6)]
    [InlineData("2026-01-15", "2026-07-20", 7)]
    [InlineData("2026-01-20", "2026-07-15", 6)]
    [InlineData("2026-01-31", "2026-02-28", 1)]
    [InlineData("2026-07-15", "2026-07-15", 0)]
    [InlineData("9999-11-30", "9999-12-31", 2)]
    public void Months_left_count_a_started_month_as_whole(string asOf, string target, int months) =>
        Assert.Equal(months, GoalProgress.Of(100m, 0m, DateOnly.Parse(asOf), DateOnly.Parse(target), DateOnly.Parse(asOf)).MonthsLeft);

    [Theory]
    [InlineData("999999.99", "99.99", "on_track")]
    [InlineData("1000000", "100", "achieved")]
    [InlineData("1500000", "100", "achieved")]
    [InlineData("333333.33", "33.33", "on_track")]
    public void Percent_shows_100_only_when_the_goal_is_achieved(string current, string percent, string status)
    {
        var progress = GoalProgress.Of(1_000_000m, decimal.Parse(current, System.Globalization.CultureInfo.InvariantCulture),
            new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1), new DateOnly(2026, 1, 2));

        Assert.Equal((decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture), status), (progress.PercentComplete, progress.Status));
    }
}
