using System.Collections.Concurrent;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>
/// DbContext pooling (Database:ContextPooling, on by default): a leased context belongs to one request scope at a time,
/// is returned once when that scope ends, and carries only that scope's user.
/// </summary>
public sealed class PooledContextTests
{
    [Fact]
    public async Task A_request_scope_is_handed_exactly_one_lease_and_returns_it_once()
    {
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Sqlite);
        AppDbContext first;
        await using (var scope = api.Services.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Same(first, scope.ServiceProvider.GetRequiredService<AppDbContext>());
        }
        // Returned once: the next scope leases it again, usable (a double return disposed or double-leased it).
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var again = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Same(first, again);
            Assert.Equal(0, await again.Accounts.CountAsync());
        }
    }

    [Fact]
    public async Task EFs_thread_safety_checks_are_off_by_default_and_on_in_the_test_hosts()
    {
        Assert.False(DatabaseSettings.FromConfiguration(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()).ThreadSafetyChecks);

        // The test hosts turn EF's detector of two operations at once on one context on (Database:ThreadSafetyChecks),
        // so that a change sharing a request's context is caught by the tests.
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Sqlite);
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var core = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Infrastructure.IDbContextOptions>(db)
            .FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>();
        Assert.True(core!.ThreadSafetyChecksEnabled);
    }

    [Fact]
    public async Task Concurrent_request_scopes_never_share_a_leased_context_or_see_one_disposed()
    {
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Sqlite);
        var live = new ConcurrentDictionary<AppDbContext, Guid>(ReferenceEqualityComparer.Instance);
        var shared = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 4_000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var user = Guid.NewGuid();
            await using var scope = api.Services.CreateAsyncScope();
            using var asUser = scope.ServiceProvider.GetRequiredService<IDataScope>().BeginUserScope(user);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (!live.TryAdd(db, user)) Interlocked.Increment(ref shared);
            await Task.Yield();
            Assert.Equal(user, db.Scope.UserId);
            if (i % 50 == 0) Assert.Equal(0, await db.Accounts.CountAsync());
            live.TryRemove(db, out Guid _);
        });
        Assert.Equal(0, shared);
    }
}
