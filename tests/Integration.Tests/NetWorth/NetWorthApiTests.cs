using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinInfra.Domain.Accounts;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.NetWorth;

/// <summary>Net worth and its snapshots through HTTP: the same crafted figures as the handler tests, as a client reads them.</summary>
public sealed class NetWorthApiTests
{
    private static decimal Number(JsonElement element, string property) => element.GetProperty(property).GetDecimal();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Net_worth_and_snapshots_over_http(DatabaseProvider provider)
    {
        var (api, user, data) = await SeededUser.SignedInAsync(provider, "2026-11-26");
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
        // A past date is computed from the stored balance history (issue 12), the same figures GET /net-worth?date= answers;
        // these accounts were written straight to the database, so they have no history and count on no past day.
        var past = await (await user.Client.PostAsJsonAsync("/api/v1/net-worth/snapshots", new { date = "2026-11-01" }, Json)).ReadJsonAsync(HttpStatusCode.Created);
        var onThatDay = await (await user.Client.GetAsync("/api/v1/net-worth?date=2026-11-01")).ReadJsonAsync();
        Assert.Equal((Number(onThatDay, "totalAssets"), Number(onThatDay, "totalLiabilities"), Number(onThatDay, "netWorth"), "2026-11-01"),
            (Number(past, "totalAssets"), Number(past, "totalLiabilities"), Number(past, "netWorth"), past.GetProperty("snapshotDate").GetString()));
        // One snapshot per user, day and currency: the day's euro snapshot is another row, not a replacement.
        var inEuro = await (await user.Client.PostAsJsonAsync("/api/v1/net-worth/snapshots", new { currency = "EUR" }, Json)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal((999m, "EUR"), (Number(inEuro, "netWorth"), inEuro.GetProperty("currency").GetString()));

        var history = await (await user.Client.GetAsync("/api/v1/net-worth/snapshots?from=2026-11-01&to=2026-11-30")).ReadJsonAsync();
        Assert.Equal([("2026-11-01", "USD"), ("2026-11-26", "EUR"), ("2026-11-26", "USD")], history.EnumerateArray().Select(s => (s.GetProperty("snapshotDate").GetString(), s.GetProperty("currency").GetString())).Order());
        Assert.All(history.EnumerateArray(), s => Assert.Equal(Number(s, "netWorth"), Number(s, "totalAssets") - Number(s, "totalLiabilities")));

        await AssertProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/net-worth/snapshots", new { date = "2026-11-27" }, Json), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await user.Client.GetAsync("/api/v1/net-worth?currency=EU"), HttpStatusCode.BadRequest);
        Assert.Empty((await (await (await api.CreateUserAsync()).Client.GetAsync("/api/v1/net-worth/snapshots")).ReadJsonAsync()).EnumerateArray());
    }
}
