using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinInfra.Application.BankSync;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Accounts;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.History;
using FinInfra.Integration.Tests.Api;
using FinInfra.Integration.Tests.BankSync;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.NetWorth;

/// <summary>
/// Issue 12's balance history and net-worth series through HTTP, with a scripted bank: every figure below can be checked
/// by hand from the balances and transactions the test sets up.
/// </summary>
public sealed class BalanceHistoryApiTests
{
    private static DateOnly Feb(int day) => new(2026, 2, day);

    private static ProviderTransaction Tx(string id, string account, decimal amount, int day, bool pending = false, string? replaces = null) =>
        new(id, account, amount, Feb(day), $"Row {id}", null, "Food", pending, replaces);

    private static async Task<(ApiFactory Api, ScriptedBankProvider Bank, ApiUser User, Guid Connection)> LinkedAsync(DatabaseProvider provider, string today = "2026-02-10")
    {
        var bank = new ScriptedBankProvider();
        var api = await ApiFactory.CreateAsync(provider, services: services => SyncHarness.UseProvider(services, bank));
        api.Clock.Set(TestClock.On(today).GetUtcNow());
        var user = await api.CreateUserAsync();
        var connection = (await user.PostAsync("/api/v1/bank-connections", new { provider = "plaid", publicToken = "public-token" })).Id();
        return (api, bank, user, connection);
    }

    /// <summary>Moves the app's clock by whole days; the access token would have expired, so the user signs in again.</summary>
    private static async Task AdvanceDaysAsync(ApiFactory api, ApiUser user, int days)
    {
        api.Clock.Advance(TimeSpan.FromDays(days));
        user.Client.DefaultRequestHeaders.Authorization = new("Bearer", await api.LoginAsync(user.Email, user.Password));
    }

    private static async Task SyncAsync(ApiUser user, Guid connection) =>
        await (await user.Client.PostAsync($"/api/v1/bank-connections/{connection}/sync", null)).ReadJsonAsync();

    private static async Task<Dictionary<string, Guid>> AccountIdsAsync(ApiUser user) =>
        (await user.GetJsonAsync("/api/v1/accounts?limit=500")).GetProperty("items").EnumerateArray()
            .ToDictionary(a => a.GetProperty("accountId").GetString()!, a => a.Id());

    private static async Task<List<AccountBalanceDay>> RowsAsync(ApiFactory api, Guid accountId)
    {
        await using var db = api.Database.CreateContext(systemScope: true);
        return await db.BalanceDays.AsNoTracking().Where(r => r.AccountId == accountId).OrderBy(r => r.Date).ToListAsync();
    }

    private static async Task RebuildAsync(ApiFactory api, Guid userId, Guid accountId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<IDataScope>().BeginUserScope(userId);
        await scope.ServiceProvider.GetRequiredService<BalanceHistory>().RebuildAsync(accountId, CancellationToken.None);
    }

    /// <summary>Every row of the account as the incremental path left it equals, row for row, a rebuild from nothing.</summary>
    private static async Task AssertEqualsFullRebuildAsync(ApiFactory api, ApiUser user, Guid accountId)
    {
        var incremental = (await RowsAsync(api, accountId)).Select(Figures).ToList();
        await RebuildAsync(api, user.Id, accountId);
        var rebuilt = (await RowsAsync(api, accountId)).Select(Figures).ToList();
        Assert.NotEmpty(rebuilt);
        Assert.Equal(rebuilt, incremental);
    }

    private static (DateOnly, string, decimal, decimal, decimal, decimal) Figures(AccountBalanceDay r) => (r.Date, r.Currency.Value, r.Opening, r.Inflow, r.Outflow, r.Closing);

    private static decimal Number(JsonElement element, string property) => element.GetProperty(property).GetDecimal();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_linked_account_is_computed_backwards_from_its_balance_and_equals_a_rebuild_after_a_pending_row_posts_and_a_row_is_removed(DatabaseProvider provider)
    {
        var (api, bank, user, connection) = await LinkedAsync(provider);
        await using var _ = api;
        bank.Accounts.Add(new ProviderAccount("acc-1", "Checking", AccountType.Depository, "checking", 1000m, "USD"));
        bank.Accounts.Add(new ProviderAccount("acc-2", "Savings", AccountType.Depository, "savings", 50m, "USD"));
        bank.Pages[""] = ScriptedBankProvider.Page("c1", false, added:
        [
            Tx("salary", "acc-1", 500m, day: 2), Tx("rent", "acc-1", -100m, day: 5), Tx("coffee-pending", "acc-1", -4m, day: 9, pending: true),
            Tx("interest", "acc-2", 1m, day: 3),
        ]);
        await SyncAsync(user, connection);
        var ids = await AccountIdsAsync(user);

        // 1000 at the end of today (the 10th); the rent of the 5th and the salary of the 2nd, backwards. The pending
        // coffee is not in the bank's balance yet, so it moves no day.
        var rows = await RowsAsync(api, ids["acc-1"]);
        Assert.Equal((Feb(2), Feb(10)), (rows[0].Date, rows[^1].Date));
        Assert.Equal([1100m, 1100m, 1100m, 1000m, 1000m, 1000m, 1000m, 1000m, 1000m], rows.Select(r => r.Closing));
        Assert.Equal((600m, 500m, 0m), (rows[0].Opening, rows[0].Inflow, rows[0].Outflow));
        Assert.Equal((1100m, 0m, 100m), (rows[3].Opening, rows[3].Inflow, rows[3].Outflow));
        var savingsBefore = (await RowsAsync(api, ids["acc-2"])).Select(Figures).ToList();
        await AssertEqualsFullRebuildAsync(api, user, ids["acc-1"]);

        // The coffee posts under a new id on the 10th (the pending row goes), and the bank's balance takes it.
        await AdvanceDaysAsync(api, user, 1);
        bank.Accounts[0] = bank.Accounts[0] with { Balance = 996m };
        bank.Pages["c1"] = ScriptedBankProvider.Page("c2", false, added: [Tx("coffee", "acc-1", -4m, day: 10, replaces: "coffee-pending")], removed: ["coffee-pending"]);
        await SyncAsync(user, connection);
        rows = await RowsAsync(api, ids["acc-1"]);
        Assert.Equal((Feb(11), 996m, 996m), (rows[^1].Date, rows[^1].Closing, rows[^2].Closing));
        Assert.Equal((1000m, 4m), (rows[^2].Opening, rows[^2].Outflow));
        await AssertEqualsFullRebuildAsync(api, user, ids["acc-1"]);
        // The other account did not change: its rows are as they were (computed once, never rewritten).
        Assert.Equal(savingsBefore, (await RowsAsync(api, ids["acc-2"])).Select(Figures).ToList());

        // The bank removes the rent (a reversal): the balance keeps 996, so every day before the 5th is 100 lower.
        bank.Pages["c2"] = ScriptedBankProvider.Page("c3", false, removed: ["rent"]);
        await SyncAsync(user, connection);
        rows = await RowsAsync(api, ids["acc-1"]);
        Assert.Equal([1000m, 1000m, 1000m, 1000m], rows.Where(r => r.Date <= Feb(5)).Select(r => r.Closing));
        Assert.Equal(500m, rows[0].Opening);
        await AssertEqualsFullRebuildAsync(api, user, ids["acc-1"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_point_of_the_series_is_the_sum_of_that_days_balances_with_a_closed_account_and_a_valued_house(DatabaseProvider provider)
    {
        var (api, bank, user, connection) = await LinkedAsync(provider);
        await using var _ = api;
        bank.Accounts.Add(new ProviderAccount("acc-1", "Checking", AccountType.Depository, "checking", 1000m, "USD"));
        bank.Accounts.Add(new ProviderAccount("card", "Card", AccountType.Credit, "credit card", 300m, "USD"));
        bank.Accounts.Add(new ProviderAccount("old", "Old savings", AccountType.Depository, "savings", 200m, "USD"));
        bank.Pages[""] = ScriptedBankProvider.Page("c1", false, added:
            [Tx("salary", "acc-1", 500m, day: 2), Tx("rent", "acc-1", -100m, day: 5), Tx("shop", "card", -50m, day: 4), Tx("interest", "old", 20m, day: 3)]);
        await SyncAsync(user, connection);

        // A house kept by hand: opened today (the 10th) at 400,000, and valued at 410,000 on the 5th.
        var house = (await user.CreateAccountAsync(type: "other", balance: 400_000m, name: "House")).Id();
        var valuation = await user.PostAsync($"/api/v1/accounts/{house}/valuations", new { date = "2026-02-05", value = 410_000m });
        Assert.Equal((410_000m, "2026-02-05"), (Number(valuation, "value"), valuation.GetProperty("date").GetString()));

        // Two days later the bank no longer reports the old savings account: it is closed on the 12th.
        await AdvanceDaysAsync(api, user, 2);
        bank.Accounts.RemoveAt(2);
        await SyncAsync(user, connection);
        var ids = await AccountIdsAsync(user);
        Assert.Equal(Feb(11), (await RowsAsync(api, ids["old"]))[^1].Date);

        var series = await user.GetJsonAsync("/api/v1/net-worth/history?from=2026-02-01&to=2026-02-12&interval=day");
        var points = series.GetProperty("points").EnumerateArray()
            .ToDictionary(p => DateOnly.Parse(p.GetProperty("date").GetString()!), p => (Number(p, "totalAssets"), Number(p, "totalLiabilities"), Number(p, "netWorth")));
        Assert.Equal(12, points.Count);
        // By hand: checking 600 → 1100 on the 2nd → 1000 on the 5th; savings 180 → 200 on the 3rd, closed on the 12th;
        // card owes 250 → 300 on the 4th; house 410,000 from the 5th, 400,000 from the 10th.
        Assert.Equal((0m, 0m, 0m), points[Feb(1)]);
        Assert.Equal((1100m, 0m, 1100m), points[Feb(2)]);
        Assert.Equal((1300m, 0m, 1300m), points[Feb(3)]);
        Assert.Equal((1300m, 300m, 1000m), points[Feb(4)]);
        Assert.Equal((411_200m, 300m, 410_900m), points[Feb(5)]);
        Assert.Equal((401_200m, 300m, 400_900m), points[Feb(10)]);
        Assert.Equal((401_200m, 300m, 400_900m), points[Feb(11)]);
        Assert.Equal((401_000m, 300m, 400_700m), points[Feb(12)]);

        // And generally: each point is the sum of that day's account balances, read account by account.
        var balances = new Dictionary<(Guid, DateOnly), decimal>();
        foreach (var id in ids.Values)
            foreach (var day in (await user.GetJsonAsync($"/api/v1/accounts/{id}/balances?from=2026-02-01&to=2026-02-12")).EnumerateArray())
                balances[(id, DateOnly.Parse(day.GetProperty("date").GetString()!))] = Number(day, "closing");
        var liabilities = new[] { ids["card"] };
        foreach (var (day, (assets, owed, net)) in points)
        {
            // Open accounts carry their last row forward (nothing moved since); a closed one counts only on its rows.
            decimal On(Guid id) => balances.Where(b => b.Key.Item1 == id && b.Key.Item2 <= day && (id != ids["old"] || b.Key.Item2 == day))
                .OrderBy(b => b.Key.Item2).Select(b => b.Value).LastOrDefault();
            Assert.Equal(ids.Values.Where(id => !liabilities.Contains(id)).Sum(On), assets);
            Assert.Equal(liabilities.Sum(On), owed);
            Assert.Equal(assets - owed, net);
        }

        // Any past date answers from the same history; a past-dated snapshot stores exactly that.
        var onThe5th = await user.GetJsonAsync("/api/v1/net-worth?date=2026-02-05");
        Assert.Equal((411_200m, 300m, 410_900m), (Number(onThe5th, "totalAssets"), Number(onThe5th, "totalLiabilities"), Number(onThe5th, "netWorth")));
        Assert.Equal(410_000m, Number(onThe5th.GetProperty("assetsBreakdown"), "other"));
        var snapshot = await user.PostAsync("/api/v1/net-worth/snapshots", new { date = "2026-02-05" });
        Assert.Equal((410_900m, "2026-02-05"), (Number(snapshot, "netWorth"), snapshot.GetProperty("snapshotDate").GetString()));

        // A week's point is its Sunday's closing (1 and 8 February 2026 are Sundays), a month's its last day's, and `to` ends both.
        var weeks = await user.GetJsonAsync("/api/v1/net-worth/history?from=2026-02-01&to=2026-02-12&interval=week");
        Assert.Equal([("2026-02-01", 0m), ("2026-02-08", 410_900m), ("2026-02-12", 400_700m)],
            weeks.GetProperty("points").EnumerateArray().Select(p => (p.GetProperty("date").GetString(), Number(p, "netWorth"))));
        var months = await user.GetJsonAsync("/api/v1/net-worth/history?from=2026-01-15&to=2026-02-12&interval=month");
        Assert.Equal([("2026-01-31", 0m), ("2026-02-12", 400_700m)],
            months.GetProperty("points").EnumerateArray().Select(p => (p.GetProperty("date").GetString(), Number(p, "netWorth"))));

        // Deleting an account takes its history out of every day; restoring brings it back unchanged.
        await EnsureStatusAsync(await user.Client.DeleteAsync($"/api/v1/accounts/{house}"), HttpStatusCode.NoContent);
        Assert.Equal(900m, Number(await user.GetJsonAsync("/api/v1/net-worth?date=2026-02-05"), "netWorth"));
        await (await user.Client.PostAsync($"/api/v1/accounts/{house}/restore", null)).ReadJsonAsync();
        Assert.Equal(410_900m, Number(await user.GetJsonAsync("/api/v1/net-worth?date=2026-02-05"), "netWorth"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Valuations_are_for_manual_accounts_replace_their_day_and_carry_forward_through_imports(DatabaseProvider provider)
    {
        var (api, bank, user, connection) = await LinkedAsync(provider, today: "2026-03-10");
        await using var _ = api;
        bank.Accounts.Add(new ProviderAccount("acc-1", "Checking", AccountType.Depository, "checking", 10m, "USD"));
        await SyncAsync(user, connection);
        var linked = (await AccountIdsAsync(user))["acc-1"];
        var cash = (await user.CreateAccountAsync(balance: 100m, name: "Cash")).Id();

        Assert.Equal(201, (int)(await user.Client.PostAsJsonAsync($"/api/v1/accounts/{cash}/valuations", new { date = "2026-03-01", value = 50m }, Json)).StatusCode);
        var replaced = await user.PostAsync($"/api/v1/accounts/{cash}/valuations", new { date = "2026-03-01", value = 60m }, HttpStatusCode.OK);
        Assert.Equal(60m, Number(replaced, "value"));
        // Carried forward from 60 on the 1st: +15 on the 3rd, −5 on the 4th; a pending row moves nothing.
        await user.ImportAsync(cash, ApiScenario.Txn("t1", 15m, "2026-03-03"), ApiScenario.Txn("t2", -5m, "2026-03-04"), ApiScenario.Txn("t3", -1m, "2026-03-04", pending: true));
        var days = (await user.GetJsonAsync($"/api/v1/accounts/{cash}/balances?from=2026-03-01&to=2026-03-10")).EnumerateArray().ToList();
        Assert.Equal([60m, 60m, 75m, 70m, 70m, 70m, 70m, 70m, 70m, 100m], days.Select(d => Number(d, "closing")));
        // Setting the balance by hand is today's valuation.
        await (await user.Client.PatchAsJsonAsync($"/api/v1/accounts/{cash}", new { balance = 90m }, Json)).ReadJsonAsync();
        var list = (await user.GetJsonAsync($"/api/v1/accounts/{cash}/valuations")).EnumerateArray().ToList();
        Assert.Equal([("2026-03-01", 60m), ("2026-03-10", 90m)], list.Select(v => (v.GetProperty("date").GetString(), Number(v, "value"))));
        Assert.Equal(100m, Number(await user.GetJsonAsync("/api/v1/net-worth?date=2026-03-10"), "netWorth"));
        // The posted row of the 4th becomes pending-free: the history follows, and equals a rebuild.
        await user.ImportAsync(cash, ApiScenario.Txn("t3", -1m, "2026-03-04"));
        Assert.Equal(69m, Number((await user.GetJsonAsync($"/api/v1/accounts/{cash}/balances?from=2026-03-04&to=2026-03-04"))[0], "closing"));
        await AssertEqualsFullRebuildAsync(api, user, cash);

        var refused = await AssertProblemAsync(await user.Client.PostAsJsonAsync($"/api/v1/accounts/{linked}/valuations", new { date = "2026-03-01", value = 5m }, Json), HttpStatusCode.Conflict);
        Assert.Equal(AccountValuation.ManualOnlyRule, refused.GetProperty("rule").GetString());
        await AssertProblemAsync(await user.Client.PostAsJsonAsync($"/api/v1/accounts/{cash}/valuations", new { date = "2026-03-01", value = 0.00001m }, Json), HttpStatusCode.BadRequest);
        var stranger = await api.CreateUserAsync();
        await AssertProblemAsync(await stranger.Client.PostAsJsonAsync($"/api/v1/accounts/{cash}/valuations", new { date = "2026-03-01", value = 5m }, Json), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.Client.GetAsync($"/api/v1/accounts/{cash}/balances"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await user.Client.GetAsync("/api/v1/net-worth?date=2026-03-11"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await user.Client.GetAsync("/api/v1/net-worth/history?from=2026-03-05&to=2026-03-01"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await user.Client.GetAsync("/api/v1/net-worth/history?interval=year"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/net-worth/snapshots", new { date = "2026-03-11" }, Json), HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_euro_household_with_a_dollar_card_adds_up_at_each_days_rate_and_a_day_without_a_rate_leaves_the_card_out(DatabaseProvider provider)
    {
        var (api, _, user, _) = await LinkedAsync(provider);
        await using var _ = api;
        await (await user.Client.PatchAsJsonAsync("/api/v1/users/me", new { baseCurrency = "EUR" }, Json)).ReadJsonAsync();
        var manual = (await user.CreateManualConnectionAsync()).Id();
        var savings = (await user.PostAsync($"/api/v1/bank-connections/{manual}/accounts", new { name = "Savings", type = "depository", subtype = "savings", balance = 5000m, currency = "EUR" })).Id();
        var card = (await user.PostAsync($"/api/v1/bank-connections/{manual}/accounts", new { name = "Card", type = "credit", subtype = "credit card", balance = 600m, currency = "USD" })).Id();
        var house = (await user.PostAsync($"/api/v1/bank-connections/{manual}/accounts", new { name = "House", type = "other", balance = 300_000m, currency = "EUR" })).Id();
        await user.ImportAsync(savings, ApiScenario.Txn("deposit", 1000m, "2026-02-03"));
        await user.ImportAsync(card, ApiScenario.Txn("shop", -100m, "2026-02-04"));
        await user.PostAsync($"/api/v1/accounts/{house}/valuations", new { date = "2026-02-05", value = 310_000m });
        // The only rate: 1 EUR = 1.25 USD on the 6th (so 1 USD = 0.8 EUR), within the 7-day window up to the 10th.
        await using (var db = api.Database.CreateContext(systemScope: true))
        {
            db.ExchangeRates.Add(Domain.ExchangeRates.ExchangeRate.Of(new Domain.Common.CurrencyCode("EUR"), new Domain.Common.CurrencyCode("USD"), Feb(6), 1.25m, Domain.ExchangeRates.ExchangeRate.EcbSource));
            await db.SaveChangesAsync();
        }

        var series = await user.GetJsonAsync("/api/v1/net-worth/history?from=2026-02-03&to=2026-02-10");
        Assert.Equal("EUR", series.GetProperty("currency").GetString());
        var points = series.GetProperty("points").EnumerateArray().ToDictionary(p => DateOnly.Parse(p.GetProperty("date").GetString()!), p => p);
        (decimal, decimal, decimal) At(int day) => (Number(points[Feb(day)], "totalAssets"), Number(points[Feb(day)], "totalLiabilities"), Number(points[Feb(day)], "netWorth"));
        // Savings 4 000 → 5 000 on the 3rd; the card owed 500 USD → 600 USD on the 4th; the house 310 000 from the 5th, 300 000 from the 10th.
        Assert.Equal((5000m, 0m, 5000m), At(3));
        // No USD rate on or before the 4th and 5th: the card is left out of those days (never at rate 1) and listed.
        Assert.Equal((5000m, 0m, 5000m), At(4));
        Assert.Equal((315_000m, 0m, 315_000m), At(5));
        Assert.Contains(card, series.GetProperty("excludedAccountIds").EnumerateArray().Select(e => e.GetGuid()));
        // From the 6th: 600 USD × 0.8 = 480 EUR owed.
        Assert.Equal((315_000m, 480m, 314_520m), At(6));
        Assert.Equal((305_000m, 480m, 304_520m), At(10));
        var usd = points[Feb(6)].GetProperty("byCurrency").EnumerateArray().Single(c => c.GetProperty("currency").GetString() == "USD");
        Assert.Equal((0m, 600m, -480m), (Number(usd, "assets"), Number(usd, "liabilities"), Number(usd, "convertedNet")));
        var rate = Assert.Single(series.GetProperty("exchangeRates").EnumerateArray());
        Assert.Equal(("USD", "EUR", "2026-02-06", 0.8m), (rate.GetProperty("from").GetString(), rate.GetProperty("to").GetString(), rate.GetProperty("rateDate").GetString(), Number(rate, "rate")));
        // The same day through GET /net-worth?date= and in dollars: 5 000 EUR and 310 000 EUR at 1.25, minus 600.
        Assert.Equal(314_520m, Number(await user.GetJsonAsync("/api/v1/net-worth?date=2026-02-06"), "netWorth"));
        Assert.Equal(393_150m, Number(await user.GetJsonAsync("/api/v1/net-worth?date=2026-02-06&currency=USD"), "netWorth"));
    }
}
