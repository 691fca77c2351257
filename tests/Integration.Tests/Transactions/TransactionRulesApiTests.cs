using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Api;
using FinInfra.Integration.Tests.Infrastructure;
using static FinInfra.Integration.Tests.Api.ApiScenario;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Transactions;

/// <summary>
/// Issue 9's rules through the HTTP routes, on every engine: pairing, splitting and kinds; edits that survive a
/// re-import with the source's values kept beside them; one category key for the list filter and budgets; and a
/// budget that never adds two currencies.
/// </summary>
public sealed class TransactionRulesApiTests
{
    private static async Task<JsonElement> TransactionAsync(ApiUser user, Guid accountId, string transactionId)
    {
        var page = await user.GetJsonAsync($"/api/v1/transactions?accountId={accountId}");
        return page.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("transactionId").GetString() == transactionId);
    }

    private static async Task<JsonElement> PatchAsync(ApiUser user, Guid id, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await user.Client.PatchAsJsonAsync($"/api/v1/transactions/{id}", body, Json)).ReadJsonAsync(expected);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_move_between_own_accounts_pairs_itself_and_can_be_split_confirmed_and_given_a_kind_over_http(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var checking = (await user.CreateAccountAsync(name: "Checking")).Id();
        var savings = (await user.CreateAccountAsync(name: "Savings")).Id();
        await user.ImportAsync(checking, Txn("out", -1000m, "2026-03-06", "To savings"));
        await user.ImportAsync(savings, Txn("in", 1000m, "2026-03-09", "From checking"));

        var sent = await TransactionAsync(user, checking, "out");
        var received = await TransactionAsync(user, savings, "in");
        Assert.Equal(("transfer", received.Id(), "transfer", sent.Id()),
            (sent.GetProperty("kind").GetString(), sent.GetProperty("counterpartId").GetGuid(), received.GetProperty("kind").GetString(), received.GetProperty("counterpartId").GetGuid()));

        var split = await (await user.Client.DeleteAsync($"/api/v1/transactions/{sent.Id()}/pair")).ReadJsonAsync();
        Assert.Equal(("standard", JsonValueKind.Null), (split.GetProperty("kind").GetString(), split.GetProperty("counterpartId").ValueKind));
        Assert.Equal("standard", (await TransactionAsync(user, savings, "in")).GetProperty("kind").GetString());

        // A split pair is never matched again automatically, even by another import.
        await user.ImportAsync(savings, Txn("in", 1000m, "2026-03-09", "From checking"));
        Assert.Equal(JsonValueKind.Null, (await TransactionAsync(user, checking, "out")).GetProperty("counterpartId").ValueKind);

        // Not a pair: the same sign on both sides is refused with the rule, and nothing changes.
        await user.ImportAsync(savings, Txn("fee", -5m, "2026-03-09", "Fee"));
        var fee = await TransactionAsync(user, savings, "fee");
        var refused = await AssertProblemAsync(await user.Client.PutAsJsonAsync($"/api/v1/transactions/{sent.Id()}/pair", new { counterpartId = fee.Id() }, Json), HttpStatusCode.Conflict);
        Assert.Equal("transaction.pair_amounts", refused.GetProperty("rule").GetString());

        var confirmed = await (await user.Client.PutAsJsonAsync($"/api/v1/transactions/{sent.Id()}/pair", new { counterpartId = received.Id() }, Json)).ReadJsonAsync();
        Assert.Equal(("transfer", received.Id()), (confirmed.GetProperty("kind").GetString(), confirmed.GetProperty("counterpartId").GetGuid()));

        var excluded = await PatchAsync(user, fee.Id(), new { kind = "excluded" });
        Assert.Equal("excluded", excluded.GetProperty("kind").GetString());
        Assert.Contains("kind", excluded.GetProperty("editedFields").EnumerateArray().Select(f => f.GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_edit_survives_a_reimport_which_updates_the_source_values_and_reset_takes_the_sources_value(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var account = (await user.CreateAccountAsync()).Id();
        await user.ImportAsync(account, Txn("t1", -12.5m, "2026-03-01", "SQ *BLUE BOTTLE", category: "Shops"));
        var id = (await TransactionAsync(user, account, "t1")).Id();

        var edited = await PatchAsync(user, id, new { category = "Coffee", note = "with Sam" });
        Assert.Equal(("Coffee", "with Sam"), (edited.GetProperty("category").GetString(), edited.GetProperty("note").GetString()));
        Assert.Equal(["category"], edited.GetProperty("editedFields").EnumerateArray().Select(f => f.GetString()));

        await user.ImportAsync(account, Txn("t1", -12.5m, "2026-03-01", "BLUE BOTTLE COFFEE", category: "Food and Drink"));
        var after = await TransactionAsync(user, account, "t1");
        Assert.Equal(("Coffee", "BLUE BOTTLE COFFEE", "with Sam"), (after.GetProperty("category").GetString(), after.GetProperty("name").GetString(), after.GetProperty("note").GetString()));
        Assert.Equal("Food and Drink", after.GetProperty("sourceValues").GetProperty("category").GetString());

        var reset = await PatchAsync(user, id, new { reset = new[] { "category" } });
        Assert.Equal("Food and Drink", reset.GetProperty("category").GetString());
        Assert.Empty(reset.GetProperty("editedFields").EnumerateArray());

        await AssertProblemAsync(await user.Client.PatchAsJsonAsync($"/api/v1/transactions/{id}", new { reset = new[] { "amount" } }, Json), HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cafe_in_any_case_or_composition_is_one_category_in_the_list_filter_and_in_budgets(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var account = (await user.CreateAccountAsync()).Id();
        await user.ImportAsync(account,
            Txn("precomposed", -10m, "2026-03-02", category: "Café"),
            Txn("upper", -20m, "2026-03-03", category: "CAFÉ"),
            Txn("combining", -30m, "2026-03-04", category: "Cafe\u0301"),
            Txn("plain", -1000m, "2026-03-05", category: "Cafe"));

        foreach (var filter in new[] { "café", "CAFÉ", "Cafe\u0301" })
        {
            var listed = await user.GetJsonAsync($"/api/v1/transactions?category={Uri.EscapeDataString(filter)}");
            Assert.Equal(["combining", "precomposed", "upper"], listed.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("transactionId").GetString()).Order(StringComparer.Ordinal));
        }

        var budget = await user.PostAsync("/api/v1/budgets", new { name = "Treats", type = "monthly", startDate = "2026-03-01", categories = new Dictionary<string, decimal> { ["cafÉ"] = 100m } });
        var progress = await user.GetJsonAsync($"/api/v1/budgets/{budget.Id()}/progress?date=2026-03-10");
        Assert.Equal(60m, progress.GetProperty("categories")[0].GetProperty("spent").GetDecimal());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_budget_counts_only_its_currency_and_lists_the_rest(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var connection = (await user.CreateManualConnectionAsync()).Id();
        var dollars = (await user.PostAsync($"/api/v1/bank-connections/{connection}/accounts", new { name = "USD card", type = "credit", balance = 0m, currency = "USD" })).Id();
        var euros = (await user.PostAsync($"/api/v1/bank-connections/{connection}/accounts", new { name = "EUR card", type = "credit", balance = 0m, currency = "EUR" })).Id();
        await user.ImportAsync(dollars, Txn("usd", -100m, "2026-03-02", category: "Food"));
        await user.ImportAsync(euros, Txn("eur", -100m, "2026-03-02", category: "Food"));
        var budget = await user.PostAsync("/api/v1/budgets", new { name = "Food", type = "monthly", startDate = "2026-03-01", categories = new Dictionary<string, decimal> { ["Food"] = 500m } });

        var progress = await user.GetJsonAsync($"/api/v1/budgets/{budget.Id()}/progress?date=2026-03-10");

        Assert.Equal(100m, progress.GetProperty("categories")[0].GetProperty("spent").GetDecimal());
        var excluded = Assert.Single(progress.GetProperty("excludedCurrencies").EnumerateArray());
        Assert.Equal(("EUR", 1), (excluded.GetProperty("currency").GetString(), excluded.GetProperty("transactions").GetInt32()));

        var inEuros = await user.GetJsonAsync($"/api/v1/budgets/{budget.Id()}/progress?date=2026-03-10&currency=EUR");
        Assert.Equal(100m, inEuros.GetProperty("categories")[0].GetProperty("spent").GetDecimal());
        Assert.Equal("USD", Assert.Single(inEuros.GetProperty("excludedCurrencies").EnumerateArray()).GetProperty("currency").GetString());
    }
}
