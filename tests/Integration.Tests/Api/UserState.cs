using System.Text.Json;
using FinInfra.Integration.Tests.Infrastructure;

namespace FinInfra.Integration.Tests.Api;

/// <summary>
/// Everything one user owns, as the API shows it (including soft-deleted rows, read from the database), serialised
/// so that "nothing changed" is one string comparison.
/// </summary>
public sealed record UserData(ApiUser User, Guid ConnectionId, Guid AccountId, Guid TransactionId, Guid BudgetId, Guid GoalId)
{
    public static async Task<UserData> CreateAsync(ApiUser user)
    {
        var connection = await user.CreateManualConnectionAsync();
        var account = await user.CreateAccountAsync(connectionId: connection.Id());
        await user.ImportAsync(account.Id(), ApiScenario.Txn("t1", -42.5m, "2026-02-03", "Groceries", "Shop", "Food"));
        var transaction = (await user.GetJsonAsync("/api/v1/transactions")).GetProperty("items")[0];
        var budget = await user.CreateBudgetAsync();
        var goal = await user.CreateGoalAsync();
        return new UserData(user, connection.Id(), account.Id(), transaction.Id(), budget.Id(), goal.Id());
    }

    public async Task<string> SnapshotAsync(ApiFactory api)
    {
        var paths = new[]
        {
            "/api/v1/users/me", "/api/v1/bank-connections?limit=500", "/api/v1/accounts?limit=500", "/api/v1/transactions?limit=500",
            "/api/v1/budgets?limit=500", "/api/v1/goals?limit=500",
        };
        var parts = new List<string>();
        foreach (var path in paths) parts.Add((await User.GetJsonAsync(path)).GetRawText());
        await using var db = api.Database.CreateContext(systemScope: true);
        parts.Add(JsonSerializer.Serialize(new
        {
            Accounts = db.Accounts.Where(a => a.UserId == User.Id).Select(a => new { a.Id, a.DeletedAt, a.Version }).ToList(),
            Budgets = db.Budgets.Where(b => b.UserId == User.Id).Select(b => new { b.Id, b.DeletedAt, b.Version }).ToList(),
            Goals = db.Goals.Where(g => g.UserId == User.Id).Select(g => new { g.Id, g.DeletedAt, g.Version }).ToList(),
            Transactions = db.Transactions.Count(t => t.UserId == User.Id),
            Users = db.Users.Count(),
        }));
        return string.Join('\n', parts);
    }
}
