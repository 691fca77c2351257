using System.Net;
using System.Text.Json;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Goals;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Goals;

/// <summary>Goal progress through HTTP: the same crafted figures as the handler tests, as a client reads them.</summary>
public sealed class GoalProgressApiTests
{
    private static decimal Number(JsonElement element, string property) => element.GetProperty(property).GetDecimal();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Goal_progress_over_http(DatabaseProvider provider)
    {
        var (api, user, data) = await SeededUser.SignedInAsync(provider, "2026-07-02");
        await using var host = api;
        var goal = Goal.Create(user.Id, "Emergency fund", 1200m, 500m, new DateOnly(2027, 1, 1), GoalPriority.High);
        await data.AddAsync(goal, clock: TestClock.On("2026-01-01"));

        var today = await (await user.Client.GetAsync($"/api/v1/goals/{goal.Id}/progress")).ReadJsonAsync();
        Assert.Equal((41.67m, 700m, 6, 116.67m, "behind"), (Number(today, "percentComplete"), Number(today, "remaining"),
            today.GetProperty("monthsLeft").GetInt32(), Number(today, "monthlyContributionNeeded"), today.GetProperty("status").GetString()));

        var late = await (await user.Client.GetAsync($"/api/v1/goals/{goal.Id}/progress?date=2027-02-01")).ReadJsonAsync();
        Assert.Equal("overdue", late.GetProperty("status").GetString());
        await AssertProblemAsync(await (await api.CreateUserAsync()).Client.GetAsync($"/api/v1/goals/{goal.Id}/progress"), HttpStatusCode.NotFound);
    }
}
