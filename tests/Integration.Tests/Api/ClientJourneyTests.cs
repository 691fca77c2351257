using System.Net;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Api;
using FinInfra.Integration.Tests.Infrastructure;

namespace FinInfra.Integration.Tests.Api;

/// <summary>
/// Everything through the API, as a client would: budget and goal progress, net worth and cash flow follow imports,
/// deletes and contributions.
/// </summary>
public sealed class ClientJourneyTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Progress_net_worth_and_cash_flow_follow_what_the_client_does(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        api.Clock.Set(TestClock.On("2025-03-05").GetUtcNow());
        var user = await api.CreateUserAsync();
        var connection = (await user.CreateManualConnectionAsync()).Id();
        var checking = (await user.CreateAccountAsync("depository", 2500m, "Checking", connection)).Id();
        var card = (await user.CreateAccountAsync("credit", 300m, "Card", connection)).Id();
        await user.ImportAsync(checking,
            ApiScenario.Txn("c1", -120.50m, "2025-02-28", category: "Food"), ApiScenario.Txn("c2", 15m, "2025-03-01", category: "food"),
            ApiScenario.Txn("c3", 2000m, "2025-03-01", category: "Salary"));
        await user.ImportAsync(card, ApiScenario.Txn("k1", -60m, "2025-03-02", category: "FOOD", pending: true));
        // Monthly from Jan 31 (2025 is not a leap year): the period containing Mar 5 runs Feb 28 → Mar 30.
        var budget = (await user.PostAsync("/api/v1/budgets", new { name = "Food", type = "monthly", startDate = "2025-01-31", categories = new Dictionary<string, decimal> { ["Food"] = 200m } })).Id();
        var goal = (await user.PostAsync("/api/v1/goals", new { name = "Trip", targetAmount = 600m, targetDate = "2025-09-05", priority = "low" })).Id();

        var progress = await user.GetJsonAsync($"/api/v1/budgets/{budget}/progress");
        Assert.Equal(("2025-02-28", "2025-03-30"), (progress.GetProperty("periodStart").GetString(), progress.GetProperty("periodEnd").GetString()));
        Assert.Equal(165.50m, progress.GetProperty("categories")[0].GetProperty("spent").GetDecimal());
        Assert.Equal("warning", progress.GetProperty("categories")[0].GetProperty("status").GetString());
        Assert.Equal(2200m, (await user.GetJsonAsync("/api/v1/net-worth")).GetProperty("netWorth").GetDecimal());

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/v1/accounts/{card}")).StatusCode);
        var afterDelete = await user.GetJsonAsync($"/api/v1/budgets/{budget}/progress");
        Assert.Equal(105.50m, afterDelete.GetProperty("categories")[0].GetProperty("spent").GetDecimal());
        Assert.Equal(2500m, (await user.GetJsonAsync("/api/v1/net-worth")).GetProperty("netWorth").GetDecimal());
        var flow = await user.GetJsonAsync("/api/v1/analytics/cash-flow?from=2025-02-01&to=2025-03-31");
        Assert.Equal(120.50m, flow.GetProperty("months")[0].GetProperty("spending").GetDecimal());
        // March: the salary is income; the Food refund nets against no March Food spending, so it is neither.
        Assert.Equal(2000m, flow.GetProperty("months")[1].GetProperty("income").GetDecimal());

        // 600 over 6 months from creation on Mar 5: 300 saved by Jun 5 is on the line (expected 300.00 on day 92 of 184).
        await user.PostAsync($"/api/v1/goals/{goal}/contributions", new { amount = 300m }, HttpStatusCode.OK);
        var onTrack = await user.GetJsonAsync($"/api/v1/goals/{goal}/progress?date=2025-06-05");
        Assert.Equal((50m, 3, 100m, "on_track"), (onTrack.GetProperty("percentComplete").GetDecimal(), onTrack.GetProperty("monthsLeft").GetInt32(),
            onTrack.GetProperty("monthlyContributionNeeded").GetDecimal(), onTrack.GetProperty("status").GetString()));
    }
}
