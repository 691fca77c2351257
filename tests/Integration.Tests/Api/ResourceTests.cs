using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Api;

/// <summary>The happy path of every resource route, on both databases.</summary>
public sealed class ResourceTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bank_connections_create_list_get_and_disconnect(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();

        var response = await user.Client.PostAsJsonAsync("/api/v1/bank-connections", new { provider = "manual", institutionName = "Cash box" }, Json);
        var created = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/bank-connections/{created.Id()}", response.Headers.Location?.AbsolutePath);
        Assert.Equal("manual", created.GetProperty("provider").GetString());
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.Equal("Cash box", created.GetProperty("institutionName").GetString());
        Assert.False(created.TryGetProperty("accessToken", out _));

        var list = await user.GetJsonAsync("/api/v1/bank-connections");
        Assert.Equal(created.Id(), Assert.Single(list.GetProperty("items").EnumerateArray()).Id());
        Assert.Equal(JsonValueKind.Null, list.GetProperty("nextCursor").ValueKind);

        await EnsureStatusAsync(await user.Client.DeleteAsync($"/api/v1/bank-connections/{created.Id()}"), HttpStatusCode.NoContent);
        var after = await user.GetJsonAsync($"/api/v1/bank-connections/{created.Id()}");
        Assert.Equal("disconnected", after.GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Accounts_create_list_filter_update_delete_and_restore(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var connection = await user.CreateManualConnectionAsync();

        var response = await user.Client.PostAsJsonAsync($"/api/v1/bank-connections/{connection.Id()}/accounts",
            new { name = "Visa", type = "credit", subtype = "credit card", balance = 250.1234m, currency = "eur" }, Json);
        var card = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/accounts/{card.Id()}", response.Headers.Location?.AbsolutePath);
        Assert.Equal("liability", card.GetProperty("classification").GetString());
        Assert.Equal("EUR", card.GetProperty("currency").GetString());
        Assert.Equal(250.1234m, card.GetProperty("balance").GetDecimal());
        Assert.Equal(connection.Id(), card.GetProperty("connectionId").GetGuid());
        var checking = await user.CreateAccountAsync(connectionId: connection.Id());
        Assert.Equal("asset", checking.GetProperty("classification").GetString());

        Assert.Equal(2, (await user.GetJsonAsync("/api/v1/accounts")).GetProperty("items").GetArrayLength());
        var credit = await user.GetJsonAsync("/api/v1/accounts?type=credit");
        Assert.Equal(card.Id(), Assert.Single(credit.GetProperty("items").EnumerateArray()).Id());

        var patched = await (await user.Client.PatchAsJsonAsync($"/api/v1/accounts/{card.Id()}", new { name = "Old Visa", balance = 99.5m }, Json)).ReadJsonAsync();
        Assert.Equal("Old Visa", patched.GetProperty("name").GetString());
        Assert.Equal(99.5m, patched.GetProperty("balance").GetDecimal());
        Assert.Equal(99.5m, (await user.GetJsonAsync($"/api/v1/accounts/{card.Id()}")).GetProperty("balance").GetDecimal());

        await EnsureStatusAsync(await user.Client.DeleteAsync($"/api/v1/accounts/{card.Id()}"), HttpStatusCode.NoContent);
        await AssertProblemAsync(await user.Client.GetAsync($"/api/v1/accounts/{card.Id()}"), HttpStatusCode.NotFound);
        Assert.Single((await user.GetJsonAsync("/api/v1/accounts")).GetProperty("items").EnumerateArray());

        var restored = await user.PostAsync($"/api/v1/accounts/{card.Id()}/restore", new { }, HttpStatusCode.OK);
        Assert.Equal("Old Visa", restored.GetProperty("name").GetString());
        Assert.Equal(2, (await user.GetJsonAsync("/api/v1/accounts")).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Transactions_import_is_idempotent_and_updates_in_place(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var account = await user.CreateAccountAsync();

        var first = await user.ImportAsync(account.Id(),
            ApiScenario.Txn("t1", -4.5m, "2026-03-01", "Coffee", "Bean Bar", "Food", pending: true),
            ApiScenario.Txn("t2", 2500m, "2026-03-02", "Salary", category: "Income"));
        Assert.Equal(2, first.GetProperty("inserted").GetInt32());
        Assert.Equal(0, first.GetProperty("updated").GetInt32());

        var again = await user.ImportAsync(account.Id(),
            ApiScenario.Txn("t1", -4.5m, "2026-03-01", "Coffee", "Bean Bar", "Food", pending: true),
            ApiScenario.Txn("t2", 2500m, "2026-03-02", "Salary", category: "Income"));
        Assert.Equal(0, again.GetProperty("inserted").GetInt32());
        Assert.Equal(0, again.GetProperty("updated").GetInt32());

        var posted = await user.ImportAsync(account.Id(), ApiScenario.Txn("t1", -4.75m, "2026-03-01", "Coffee", "Bean Bar", "Food", pending: false));
        Assert.Equal(0, posted.GetProperty("inserted").GetInt32());
        Assert.Equal(1, posted.GetProperty("updated").GetInt32());

        var list = await user.GetJsonAsync("/api/v1/transactions");
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["t2", "t1"], items.Select(i => i.GetProperty("transactionId").GetString()));
        var coffee = items[1];
        Assert.Equal(-4.75m, coffee.GetProperty("amount").GetDecimal());
        Assert.False(coffee.GetProperty("pending").GetBoolean());
        Assert.Equal("2026-03-01", coffee.GetProperty("date").GetString());
        Assert.Equal(account.Id(), coffee.GetProperty("accountId").GetGuid());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Transactions_get_and_patch(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var account = await user.CreateAccountAsync();
        await user.ImportAsync(account.Id(), ApiScenario.Txn("t1", -12m, "2026-03-01", "LUNCH 123", "Deli", "Food"));
        var id = Assert.Single((await user.GetJsonAsync("/api/v1/transactions")).GetProperty("items").EnumerateArray()).Id();

        var one = await user.GetJsonAsync($"/api/v1/transactions/{id}");
        Assert.Equal("LUNCH 123", one.GetProperty("name").GetString());

        var patched = await (await user.Client.PatchAsJsonAsync($"/api/v1/transactions/{id}", new { category = "Eating out", name = "Lunch" }, Json)).ReadJsonAsync();
        Assert.Equal("Eating out", patched.GetProperty("category").GetString());
        Assert.Equal("Lunch", patched.GetProperty("name").GetString());
        Assert.Equal("Deli", patched.GetProperty("merchantName").GetString());
        Assert.Equal(-12m, patched.GetProperty("amount").GetDecimal());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Transactions_list_filters_and_pages_newest_first(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var account = await user.CreateAccountAsync();
        var other = await user.CreateAccountAsync(name: "Savings", type: "depository");
        var batch = Enumerable.Range(1, 25)
            .Select(i => ApiScenario.Txn($"t{i}", -i, $"2026-04-{(i + 1) / 2:00}", i % 3 == 0 ? "Grocer" : "Cafe",
                i % 5 == 0 ? "SuperMart" : null, i % 2 == 0 ? "FOOD" : "fun", pending: i % 4 == 0))
            .ToArray();
        await user.ImportAsync(account.Id(), batch);
        await user.ImportAsync(other.Id(), ApiScenario.Txn("o1", 5m, "2026-05-01", "Interest", category: "Income"));

        var seen = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await user.GetJsonAsync($"/api/v1/transactions?accountId={account.Id()}&limit=7" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.True(page.GetProperty("items").GetArrayLength() <= 7);
            seen.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);

        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Select(s => s.Id()).Distinct().Count());
        var keys = seen.Select(s => (Date: s.GetProperty("date").GetString()!, Id: s.Id())).ToList();
        Assert.Equal(keys.OrderByDescending(k => k.Date, StringComparer.Ordinal).Select(k => k.Date), keys.Select(k => k.Date));

        Assert.Equal(12, Count(await user.GetJsonAsync($"/api/v1/transactions?accountId={account.Id()}&category=food")));
        Assert.Equal(6, Count(await user.GetJsonAsync("/api/v1/transactions?pending=true")));
        Assert.Equal(8, Count(await user.GetJsonAsync("/api/v1/transactions?search=GROC")));
        Assert.Equal(5, Count(await user.GetJsonAsync("/api/v1/transactions?search=supermart")));
        Assert.Equal(4, Count(await user.GetJsonAsync("/api/v1/transactions?from=2026-04-02&to=2026-04-03")));
        Assert.Equal(26, Count(await user.GetJsonAsync("/api/v1/transactions?limit=500")));

        await EnsureStatusAsync(await user.Client.DeleteAsync($"/api/v1/accounts/{other.Id()}"), HttpStatusCode.NoContent);
        Assert.Equal(25, Count(await user.GetJsonAsync("/api/v1/transactions?limit=500")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Budgets_create_list_get_replace_delete_and_restore(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();

        var response = await user.Client.PostAsJsonAsync("/api/v1/budgets",
            new { name = "Household", type = "monthly", startDate = "2026-01-31", categories = new Dictionary<string, decimal> { ["Food"] = 500m, ["Rent"] = 1200.5m } }, Json);
        var budget = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/budgets/{budget.Id()}", response.Headers.Location?.AbsolutePath);
        Assert.Equal("monthly", budget.GetProperty("type").GetString());
        Assert.Equal("2026-01-31", budget.GetProperty("startDate").GetString());
        Assert.Equal(1200.5m, budget.GetProperty("categories").GetProperty("Rent").GetDecimal());

        Assert.Equal(budget.Id(), Assert.Single((await user.GetJsonAsync("/api/v1/budgets")).GetProperty("items").EnumerateArray()).Id());
        Assert.Equal("Household", (await user.GetJsonAsync($"/api/v1/budgets/{budget.Id()}")).GetProperty("name").GetString());

        var replaced = await (await user.Client.PutAsJsonAsync($"/api/v1/budgets/{budget.Id()}",
            new { name = "Weekly food", type = "weekly", startDate = "2026-02-02", endDate = "2026-12-31", categories = new Dictionary<string, decimal> { ["Groceries"] = 120m } }, Json)).ReadJsonAsync();
        Assert.Equal("weekly", replaced.GetProperty("type").GetString());
        Assert.Equal("2026-12-31", replaced.GetProperty("endDate").GetString());
        Assert.Equal(["Groceries"], replaced.GetProperty("categories").EnumerateObject().Select(p => p.Name));

        await EnsureStatusAsync(await user.Client.DeleteAsync($"/api/v1/budgets/{budget.Id()}"), HttpStatusCode.NoContent);
        await AssertProblemAsync(await user.Client.GetAsync($"/api/v1/budgets/{budget.Id()}"), HttpStatusCode.NotFound);
        Assert.Equal(0, Count(await user.GetJsonAsync("/api/v1/budgets")));
        var restored = await user.PostAsync($"/api/v1/budgets/{budget.Id()}/restore", new { }, HttpStatusCode.OK);
        Assert.Equal("Weekly food", restored.GetProperty("name").GetString());
        Assert.Equal(1, Count(await user.GetJsonAsync("/api/v1/budgets")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Goals_create_list_get_replace_contribute_delete_and_restore(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();

        var response = await user.Client.PostAsJsonAsync("/api/v1/goals", new { name = "Car", targetAmount = 8000m, targetDate = "2027-06-30", priority = "medium" }, Json);
        var goal = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/goals/{goal.Id()}", response.Headers.Location?.AbsolutePath);
        Assert.Equal(0m, goal.GetProperty("currentAmount").GetDecimal());
        Assert.Equal("medium", goal.GetProperty("priority").GetString());

        var contributed = await user.PostAsync($"/api/v1/goals/{goal.Id()}/contributions", new { amount = 150.25m }, HttpStatusCode.OK);
        Assert.Equal(150.25m, contributed.GetProperty("currentAmount").GetDecimal());

        var replaced = await (await user.Client.PutAsJsonAsync($"/api/v1/goals/{goal.Id()}", new { name = "Used car", targetAmount = 6000m, targetDate = "2027-03-31", priority = "high" }, Json)).ReadJsonAsync();
        Assert.Equal("Used car", replaced.GetProperty("name").GetString());
        Assert.Equal(150.25m, replaced.GetProperty("currentAmount").GetDecimal());
        Assert.Equal("high", replaced.GetProperty("priority").GetString());

        Assert.Equal(1, Count(await user.GetJsonAsync("/api/v1/goals")));
        Assert.Equal(6000m, (await user.GetJsonAsync($"/api/v1/goals/{goal.Id()}")).GetProperty("targetAmount").GetDecimal());
        await EnsureStatusAsync(await user.Client.DeleteAsync($"/api/v1/goals/{goal.Id()}"), HttpStatusCode.NoContent);
        Assert.Equal(0, Count(await user.GetJsonAsync("/api/v1/goals")));
        await AssertProblemAsync(await user.Client.PostAsJsonAsync($"/api/v1/goals/{goal.Id()}/contributions", new { amount = 1m }, Json), HttpStatusCode.NotFound);
        await user.PostAsync($"/api/v1/goals/{goal.Id()}/restore", new { }, HttpStatusCode.OK);
        Assert.Equal(1, Count(await user.GetJsonAsync("/api/v1/goals")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lists_page_through_every_item_once(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        for (var i = 0; i < 5; i++) await user.CreateGoalAsync($"Goal {i}");

        var first = await user.GetJsonAsync("/api/v1/goals?limit=2");
        var second = await user.GetJsonAsync($"/api/v1/goals?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");
        var third = await user.GetJsonAsync($"/api/v1/goals?limit=2&cursor={second.GetProperty("nextCursor").GetString()}");
        var names = new[] { first, second, third }.SelectMany(p => p.GetProperty("items").EnumerateArray()).Select(g => g.GetProperty("name").GetString());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"Goal {i}"), names);
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_me_removes_everything_I_own(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var account = await user.CreateAccountAsync();
        await user.ImportAsync(account.Id(), ApiScenario.Txn("t1", -1m, "2026-01-01"));
        await user.CreateBudgetAsync();
        await user.CreateGoalAsync();

        await EnsureStatusAsync(await user.Client.DeleteAsync("/api/v1/users/me"), HttpStatusCode.NoContent);

        await using var db = api.Database.CreateContext(systemScope: true);
        Assert.Equal(0, db.Users.Count() + db.BankConnections.Count() + db.Accounts.Count() + db.Transactions.Count() + db.Budgets.Count() + db.Goals.Count());
    }

    private static int Count(JsonElement page) => page.GetProperty("items").GetArrayLength();
}
