using System.Net;
using System.Net.Http.Json;
using System.Text;
using FinInfra.Infrastructure.BackgroundWork;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Idempotency;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>Idempotency keys and refresh tokens that nothing can use any more are deleted, and only those.</summary>
public sealed class ExpiredRowsSweepTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Expired_idempotency_keys_go_after_their_lifetime_and_refresh_tokens_after_their_grace(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var goal = await (await user.Client.PostAsJsonAsync("/api/v1/goals", new { name = "Trip", targetAmount = 1000m, targetDate = "2030-01-01", priority = "low" }, Json)).ReadJsonAsync(HttpStatusCode.Created);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/goals/{goal.GetProperty("id").GetGuid()}/contributions")
        {
            Content = new StringContent("""{"amount":25}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "trip-1");
        await (await user.Client.SendAsync(request)).ReadJsonAsync();
        var sweep = api.Services.GetRequiredService<ExpiredRowsSweep>();

        async Task<(int Keys, int Tokens)> CountAsync()
        {
            await using var db = api.Database.CreateContext(systemScope: true);
            return (await db.Set<IdempotencyRecord>().IgnoreQueryFilters().CountAsync(), await db.RefreshTokens.IgnoreQueryFilters().CountAsync(t => t.UserId == user.Id));
        }

        var before = await CountAsync();
        Assert.Equal(1, before.Keys);
        Assert.True(before.Tokens > 0, "login stored no refresh token");

        Assert.Equal(0, await sweep.RunOnceAsync(CancellationToken.None));

        api.Clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(1, await sweep.RunOnceAsync(CancellationToken.None));
        Assert.Equal((0, before.Tokens), await CountAsync());

        // Refresh tokens live 30 days; they stay 7 days past that (a replay is still recognised), then go.
        api.Clock.Advance(TimeSpan.FromDays(36));
        Assert.Equal(0, await sweep.RunOnceAsync(CancellationToken.None));
        api.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(before.Tokens, await sweep.RunOnceAsync(CancellationToken.None));
        Assert.Equal((0, 0), await CountAsync());
    }
}
