using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Budgets;
using FinInfra.Domain.Goals;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using FinInfra.Integration.Tests.Api;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Answers;

/// <summary>The derived answers through HTTP: the same crafted figures as the handler tests, as a client reads them.</summary>
public sealed class AnswersApiTests
{
    private static async Task<(ApiFactory Api, ApiUser User, AnswersData Data)> SignedInAsync(DatabaseProvider provider, string today)
    {
        var api = await ApiFactory.CreateAsync(provider);
        api.Clock.Set(FixedClock.On(today).GetUtcNow());
        var user = await api.CreateUserAsync();
        return (api, user, await AnswersData.ForUserAsync(api.Database, user.Id));
    }

    private static decimal Number(JsonElement element, string property) => element.GetProperty(property).GetDecimal();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Budget_progress_over_http(DatabaseProvider provider)
    {
        var (api, user, data) = await SignedInAsync(provider, "2024-03-05");
        await using var host = api;
        var checking = await data.AddAccountAsync(AccountType.Depository, 0m);
        await data.AddTransactionsAsync(checking,
            ("2024-02-29", -120.50m, "Food", false), ("2024-03-10", -79.50m, "food", true), ("2024-03-12", 20m, "FOOD", false), ("2024-03-02", -81m, "Transport", false));
        var budget = Budget.Create(user.Id, "Household", BudgetType.Monthly, new DateOnly(2024, 1, 31), new DateOnly(2024, 12, 31),
            new Dictionary<string, decimal> { ["Food"] = 500m, ["Transport"] = 100m });
        await data.AddAsync(budget);

        var progress = await (await user.Client.GetAsync($"/api/v1/budgets/{budget.Id}/progress")).ReadJsonAsync();
        Assert.Equal(("2024-02-29", "2024-03-30"), (progress.GetProperty("periodStart").GetString(), progress.GetProperty("periodEnd").GetString()));
        var food = progress.GetProperty("categories")[0];
        Assert.Equal(("Food", 500m, 180m, 320m, 36m, "ok"), (food.GetProperty("category").GetString(), Number(food, "limit"), Number(food, "spent"),
            Number(food, "remaining"), Number(food, "percentUsed"), food.GetProperty("status").GetString()));
        var totals = progress.GetProperty("totals");
        Assert.Equal((600m, 261m, 339m), (Number(totals, "limit"), Number(totals, "spent"), Number(totals, "remaining")));

        var settled = await (await user.Client.GetAsync($"/api/v1/budgets/{budget.Id}/progress?date=2024-03-30&includePending=false")).ReadJsonAsync();
        Assert.Equal(100.50m, Number(settled.GetProperty("categories")[0], "spent"));

        var outside = await AssertProblemAsync(await user.Client.GetAsync($"/api/v1/budgets/{budget.Id}/progress?date=2025-01-01"), HttpStatusCode.Conflict);
        Assert.Equal("budget.date_outside", outside.GetProperty("rule").GetString());
        await AssertProblemAsync(await user.Client.GetAsync($"/api/v1/budgets/{budget.Id}/progress?date=2024-02-30"), HttpStatusCode.BadRequest);
        var stranger = await api.CreateUserAsync();
        await AssertProblemAsync(await stranger.Client.GetAsync($"/api/v1/budgets/{budget.Id}/progress"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await api.CreateClient().GetAsync($"/api/v1/budgets/{budget.Id}/progress"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Goal_progress_over_http(DatabaseProvider provider)
    {
        var (api, user, data) = await SignedInAsync(provider, "2026-07-02");
        await using var host = api;
        var goal = Goal.Create(user.Id, "Emergency fund", 1200m, 500m, new DateOnly(2027, 1, 1), GoalPriority.High);
        await data.AddAsync(goal, clock: FixedClock.On("2026-01-01"));

        var today = await (await user.Client.GetAsync($"/api/v1/goals/{goal.Id}/progress")).ReadJsonAsync();
        Assert.Equal((41.67m, 700m, 6, 116.67m, "behind"), (Number(today, "percentComplete"), Number(today, "remaining"),
            today.GetProperty("monthsLeft").GetInt32(), Number(today, "monthlyContributionNeeded"), today.GetProperty("status").GetString()));

        var late = await (await user.Client.GetAsync($"/api/v1/goals/{goal.Id}/progress?date=2027-02-01")).ReadJsonAsync();
        Assert.Equal("overdue", late.GetProperty("status").GetString());
        await AssertProblemAsync(await (await api.CreateUserAsync()).Client.GetAsync($"/api/v1/goals/{goal.Id}/progress"), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Net_worth_and_snapshots_over_http(DatabaseProvider provider)
    {
        var (api, user, data) = await SignedInAsync(provider, "2026-11-26");
        await using var host = api;
        await data.AddAccountAsync(AccountType.Depository, 1500.25m);
        await data.AddAccountAsync(AccountType.Investment, 10000m);
        await data.AddAccountAsync(AccountType.Credit, 450.75m);
        var euro = await data.AddAccountAsync(AccountType.Depository, 999m, currency: "EUR");

        var now = await (await user.Client.GetAsync("/api/v1/net-worth")).ReadJsonAsync();
        Assert.Equal((11500.25m, 450.75m, 11049.50m, "USD"), (Number(now, "totalAssets"), Number(now, "totalLiabilities"), Number(now, "netWorth"), now.GetProperty("currency").GetString()));
        Assert.Equal(1500.25m, Number(now.GetProperty("assetsBreakdown"), "depository"));
        Assert.Equal(euro.Id, now.GetProperty("excludedAccountIds")[0].GetGuid());

        var first = await user.Client.PostAsync("/api/v1/net-worth/snapshots", null);
        var firstBody = await first.ReadJsonAsync(HttpStatusCode.Created);
        Assert.NotNull(first.Headers.Location);
        var again = await (await user.Client.PostAsJsonAsync("/api/v1/net-worth/snapshots", new { date = "2026-11-26" }, Json)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(firstBody.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        // A past date would store today's balances under that day: refused until balance history exists.
        await AssertProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/net-worth/snapshots", new { date = "2026-11-01" }, Json), HttpStatusCode.BadRequest);
        // One snapshot per user, day and currency: the day's euro snapshot is another row, not a replacement.
        var inEuro = await (await user.Client.PostAsJsonAsync("/api/v1/net-worth/snapshots", new { currency = "EUR" }, Json)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal((999m, "EUR"), (Number(inEuro, "netWorth"), inEuro.GetProperty("currency").GetString()));

        var history = await (await user.Client.GetAsync("/api/v1/net-worth/snapshots?from=2026-11-01&to=2026-11-30")).ReadJsonAsync();
        Assert.Equal([("2026-11-26", "EUR"), ("2026-11-26", "USD")], history.EnumerateArray().Select(s => (s.GetProperty("snapshotDate").GetString(), s.GetProperty("currency").GetString())).Order());
        Assert.All(history.EnumerateArray(), s => Assert.Equal(Number(s, "netWorth"), Number(s, "totalAssets") - Number(s, "totalLiabilities")));

        await AssertProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/net-worth/snapshots", new { date = "2026-11-27" }, Json), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await user.Client.GetAsync("/api/v1/net-worth?currency=EU"), HttpStatusCode.BadRequest);
        Assert.Empty((await (await (await api.CreateUserAsync()).Client.GetAsync("/api/v1/net-worth/snapshots")).ReadJsonAsync()).EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Analytics_over_http(DatabaseProvider provider)
    {
        var (api, user, data) = await SignedInAsync(provider, "2026-11-26");
        await using var host = api;
        var checking = await data.AddAccountAsync(AccountType.Depository, 0m);
        await data.AddTransactionsAsync(checking,
            ("2026-03-02", -100m, "Food", false), ("2026-03-09", 20m, "food", false), ("2026-03-25", 3000m, "Salary", false), ("2026-04-03", -50m, "Rent", true));

        var byCategory = await (await user.Client.GetAsync("/api/v1/analytics/spending?from=2026-03-01&to=2026-04-30&groupBy=category")).ReadJsonAsync();
        Assert.Equal([("food", 80m, 2), ("rent", 50m, 1)],
            byCategory.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("key").GetString(), Number(i, "spent"), i.GetProperty("count").GetInt32())).OrderBy(i => i.Item1));
        Assert.Equal(130m, Number(byCategory, "total"));

        var byMonth = await (await user.Client.GetAsync("/api/v1/analytics/spending?from=2026-03-01&to=2026-04-30&groupBy=month&includePending=false")).ReadJsonAsync();
        Assert.Equal(80m, Number(byMonth, "total"));

        var flow = await (await user.Client.GetAsync("/api/v1/analytics/cash-flow?from=2026-03-01&to=2026-04-30")).ReadJsonAsync();
        Assert.Equal([("2026-03", 3000m, 80m, 2920m), ("2026-04", 0m, 50m, -50m)],
            flow.GetProperty("months").EnumerateArray().Select(m => (m.GetProperty("month").GetString(), Number(m, "income"), Number(m, "spending"), Number(m, "net"))));

        var lastYear = await user.GetJsonAsync("/api/v1/analytics/cash-flow");
        Assert.Equal(("2025-12-01", "2026-11-26"), (lastYear.GetProperty("from").GetString(), lastYear.GetProperty("to").GetString()));
        Assert.Equal(12, lastYear.GetProperty("months").GetArrayLength());
        Assert.Equal(2920m, Number(lastYear.GetProperty("months")[3], "net"));

        var byWeek = await AssertProblemAsync(await user.Client.GetAsync("/api/v1/analytics/spending?groupBy=week"), HttpStatusCode.BadRequest);
        Assert.True(byWeek.GetProperty("errors").TryGetProperty("groupBy", out _));
        await AssertProblemAsync(await user.Client.GetAsync("/api/v1/analytics/cash-flow?from=2026-05-01&to=2026-04-01"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await user.Client.GetAsync("/api/v1/analytics/cash-flow?from=1900-01-01&to=2026-04-01"), HttpStatusCode.BadRequest);
    }
}
