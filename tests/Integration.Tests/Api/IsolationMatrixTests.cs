using System.Net;
using System.Net.Http.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Api;

/// <summary>A second user tries every route with the first user's ids: always 404, and nothing of the first user's changes.</summary>
public sealed class IsolationMatrixTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Another_users_ids_are_404_on_every_route_and_change_nothing(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var alice = await UserData.CreateAsync(await api.CreateUserAsync());
        var mallory = await api.CreateUserAsync();
        var before = await alice.SnapshotAsync(api);

        var goal = new { name = "Mine now", targetAmount = 1m, targetDate = "2030-01-01", priority = "low" };
        var budget = new { name = "Mine now", type = "weekly", startDate = "2026-01-01", categories = new Dictionary<string, decimal> { ["X"] = 1m } };
        var attempts = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/bank-connections/{alice.ConnectionId}", null),
            (HttpMethod.Delete, $"/api/v1/bank-connections/{alice.ConnectionId}", null),
            (HttpMethod.Post, $"/api/v1/bank-connections/{alice.ConnectionId}/accounts", new { name = "Sneaky", type = "depository", balance = 1m }),
            (HttpMethod.Get, $"/api/v1/accounts/{alice.AccountId}", null),
            (HttpMethod.Patch, $"/api/v1/accounts/{alice.AccountId}", new { name = "Mine now", balance = 0m }),
            (HttpMethod.Delete, $"/api/v1/accounts/{alice.AccountId}", null),
            (HttpMethod.Post, $"/api/v1/accounts/{alice.AccountId}/restore", new { }),
            (HttpMethod.Post, $"/api/v1/accounts/{alice.AccountId}/transactions", new { transactions = new[] { ApiScenario.Txn("t1", 1_000_000m, "2026-02-03", "Mine") } }),
            (HttpMethod.Get, $"/api/v1/transactions/{alice.TransactionId}", null),
            (HttpMethod.Patch, $"/api/v1/transactions/{alice.TransactionId}", new { name = "Mine now" }),
            (HttpMethod.Get, $"/api/v1/budgets/{alice.BudgetId}", null),
            (HttpMethod.Put, $"/api/v1/budgets/{alice.BudgetId}", budget),
            (HttpMethod.Delete, $"/api/v1/budgets/{alice.BudgetId}", null),
            (HttpMethod.Post, $"/api/v1/budgets/{alice.BudgetId}/restore", new { }),
            (HttpMethod.Get, $"/api/v1/goals/{alice.GoalId}", null),
            (HttpMethod.Put, $"/api/v1/goals/{alice.GoalId}", goal),
            (HttpMethod.Delete, $"/api/v1/goals/{alice.GoalId}", null),
            (HttpMethod.Post, $"/api/v1/goals/{alice.GoalId}/restore", new { }),
            (HttpMethod.Post, $"/api/v1/goals/{alice.GoalId}/contributions", new { amount = 5m }),
        };
        foreach (var (method, path, body) in attempts)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
            await AssertProblemAsync(await mallory.Client.SendAsync(request), HttpStatusCode.NotFound);
        }

        foreach (var list in new[] { "/api/v1/bank-connections", "/api/v1/accounts", "/api/v1/budgets", "/api/v1/goals", "/api/v1/transactions", $"/api/v1/transactions?accountId={alice.AccountId}" })
            Assert.Equal(0, (await mallory.GetJsonAsync(list)).GetProperty("items").GetArrayLength());
        Assert.Equal(mallory.Id, (await mallory.GetJsonAsync("/api/v1/users/me")).Id());

        Assert.Equal(before, await alice.SnapshotAsync(api));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_one_user_leaves_the_other_untouched(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var alice = await UserData.CreateAsync(await api.CreateUserAsync());
        var bob = await UserData.CreateAsync(await api.CreateUserAsync());
        var before = (await alice.SnapshotAsync(api)).Split('\n')[..^1];

        await EnsureStatusAsync(await bob.User.Client.DeleteAsync("/api/v1/users/me"), HttpStatusCode.NoContent);

        Assert.Equal(before, (await alice.SnapshotAsync(api)).Split('\n')[..^1]);
    }
}
