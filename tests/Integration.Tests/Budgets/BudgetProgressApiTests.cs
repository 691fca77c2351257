using System.Net;
using System.Text.Json;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Budgets;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Budgets;

/// <summary>Budget progress through HTTP: the same crafted figures as the handler tests, as a client reads them.</summary>
public sealed class BudgetProgressApiTests
{
    private static decimal Number(JsonElement element, string property) => element.GetProperty(property).GetDecimal();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Budget_progress_over_http(DatabaseProvider provider)
    {
        var (api, user, data) = await SeededUser.SignedInAsync(provider, "2024-03-05");
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
}
