using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinInfra.Integration.Tests.Infrastructure;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Api;

/// <summary>Test data created through the API itself, as a client would.</summary>
public static class ApiScenario
{
    public static async Task<JsonElement> PostAsync(this ApiUser user, string path, object body, HttpStatusCode expected = HttpStatusCode.Created) =>
        await (await user.Client.PostAsJsonAsync(path, body, Json)).ReadJsonAsync(expected);

    public static async Task<JsonElement> GetJsonAsync(this ApiUser user, string path) =>
        await (await user.Client.GetAsync(path)).ReadJsonAsync();

    public static Task<JsonElement> CreateManualConnectionAsync(this ApiUser user, string institution = "My cash") =>
        user.PostAsync("/api/v1/bank-connections", new { provider = "manual", institutionName = institution });

    public static async Task<JsonElement> CreateAccountAsync(this ApiUser user, string type = "depository", decimal balance = 1000m, string name = "Wallet", Guid? connectionId = null)
    {
        connectionId ??= (await user.CreateManualConnectionAsync()).GetProperty("id").GetGuid();
        return await user.PostAsync($"/api/v1/bank-connections/{connectionId}/accounts", new { name, type, subtype = "checking", balance });
    }

    public static Task<JsonElement> ImportAsync(this ApiUser user, Guid accountId, params object[] transactions) =>
        user.PostAsync($"/api/v1/accounts/{accountId}/transactions", new { transactions }, HttpStatusCode.OK);

    public static object Txn(string id, decimal amount, string date, string name = "Coffee", string? merchantName = null, string? category = null, bool pending = false) =>
        new { transactionId = id, amount, date, name, merchantName, category, pending };

    public static Task<JsonElement> CreateBudgetAsync(this ApiUser user, string name = "Household") =>
        user.PostAsync("/api/v1/budgets", new { name, type = "monthly", startDate = "2026-01-01", categories = new Dictionary<string, decimal> { ["Food"] = 500m, ["Rent"] = 1200.50m } });

    public static Task<JsonElement> CreateGoalAsync(this ApiUser user, string name = "Emergency fund", decimal target = 10_000m) =>
        user.PostAsync("/api/v1/goals", new { name, targetAmount = target, targetDate = "2027-12-31", priority = "high" });

    public static Guid Id(this JsonElement element) => element.GetProperty("id").GetGuid();
}
