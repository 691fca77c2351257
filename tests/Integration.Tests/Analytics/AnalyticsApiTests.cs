using System.Net;
using System.Text.Json;
using FinInfra.Domain.Accounts;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Api;
using FinInfra.Integration.Tests.Infrastructure;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Analytics;

/// <summary>Spending and cash flow through HTTP: the same crafted figures as the handler tests, as a client reads them.</summary>
public sealed class AnalyticsApiTests
{
    private static decimal Number(JsonElement element, string property) => element.GetProperty(property).GetDecimal();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Analytics_over_http(DatabaseProvider provider)
    {
        var (api, user, data) = await SeededUser.SignedInAsync(provider, "2026-11-26");
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
