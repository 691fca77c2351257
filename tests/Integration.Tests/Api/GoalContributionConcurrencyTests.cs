using System.Net;
using System.Net.Http.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Api;

public sealed class GoalContributionConcurrencyTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Fifty_concurrent_contributions_sum_exactly(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var goal = await user.CreateGoalAsync(target: 1_000_000m);

        // Distinct amounts with cents, so a lost or doubled contribution, or a rounding through double, shows in the sum.
        var amounts = Enumerable.Range(1, 50).Select(i => i + i / 100m + 0.0001m).ToList();
        using var start = new SemaphoreSlim(0);
        var requests = amounts.Select(async amount =>
        {
            await start.WaitAsync();
            return await user.Client.PostAsJsonAsync($"/api/v1/goals/{goal.Id()}/contributions", new { amount }, Json);
        }).ToList();
        start.Release(amounts.Count);
        var responses = await Task.WhenAll(requests);

        var answers = await Task.WhenAll(responses.Select(r => r.ReadJsonAsync(HttpStatusCode.OK)));
        var stored = await user.GetJsonAsync($"/api/v1/goals/{goal.Id()}");
        Assert.Equal(amounts.Sum(), stored.GetProperty("currentAmount").GetDecimal());
        // Each answer shows the total just after its own increment; the last one to commit sees them all.
        Assert.Contains(amounts.Sum(), answers.Select(a => a.GetProperty("currentAmount").GetDecimal()));
    }
}
