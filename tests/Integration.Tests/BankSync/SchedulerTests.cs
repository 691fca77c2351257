using FinInfra.Application.BankSync;
using FinInfra.Domain.BankConnections;
using FinInfra.Infrastructure.BankProviders.Sandbox;
using FinInfra.Infrastructure.BankSync;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FinInfra.Integration.Tests.BankSync;

/// <summary>The background scheduler's claims, and two scheduler instances sharing one database.</summary>
public sealed class SchedulerTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Of_two_racing_claimers_exactly_one_wins_until_the_claim_is_released(DatabaseProvider provider)
    {
        await using var harness = await SyncHarness.CreateAsync(provider);
        var user = await harness.CreateUserAsync();
        var connection = await harness.ConnectAsync(user, BankProvider.Sandbox, SandboxBankProvider.GoodToken);

        var claims = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => ClaimAsync(harness, connection, Lease))));

        Assert.Single(claims, won => won);
        Assert.False(await ClaimAsync(harness, connection, Lease));
        Assert.NotNull((await harness.ConnectionAsync(connection)).SyncLeaseUntil);

        await using (var scope = harness.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<SyncClaims>().ReleaseAsync(connection, CancellationToken.None);
        Assert.Null((await harness.ConnectionAsync(connection)).SyncLeaseUntil);
        Assert.True(await ClaimAsync(harness, connection, Lease));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_expired_claim_can_be_taken_over(DatabaseProvider provider)
    {
        await using var harness = await SyncHarness.CreateAsync(provider);
        var user = await harness.CreateUserAsync();
        var connection = await harness.ConnectAsync(user, BankProvider.Sandbox, SandboxBankProvider.GoodToken);

        Assert.True(await ClaimAsync(harness, connection, TimeSpan.FromMinutes(-1)));
        Assert.True(await ClaimAsync(harness, connection, Lease));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_scheduler_instances_sync_each_stale_connection_exactly_once(DatabaseProvider provider)
    {
        await using var harness = await SyncHarness.CreateAsync(provider);
        var connections = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var user = await harness.CreateUserAsync();
            connections.Add(await harness.ConnectAsync(user, BankProvider.Sandbox, SandboxBankProvider.GoodToken));
        }
        var lockedOwner = await harness.CreateUserAsync();
        var locked = await harness.ConnectAsync(lockedOwner, BankProvider.Sandbox, SandboxBankProvider.LoginRequiredToken);
        await Assert.ThrowsAsync<BankProviderException>(() => harness.SyncAsync(lockedOwner, locked));
        var manualOwner = await harness.CreateUserAsync();
        await using (var db = harness.Database.CreateContext(systemScope: true))
        {
            db.BankConnections.Add(BankConnection.CreateManual(manualOwner, "Cash"));
            await db.SaveChangesAsync();
        }

        var synced = await Task.WhenAll(NewScheduler(harness).RunOnceAsync(CancellationToken.None), NewScheduler(harness).RunOnceAsync(CancellationToken.None));

        Assert.Equal(3, synced.Sum());
        foreach (var connection in connections)
        {
            Assert.Equal(8, (await harness.TransactionsAsync(connection)).Count);
            var stored = await harness.ConnectionAsync(connection);
            Assert.Equal("sandbox-v1:1:0", stored.SyncCursor);
            Assert.Null(stored.SyncLeaseUntil);
        }

        Assert.Equal(0, await NewScheduler(harness).RunOnceAsync(CancellationToken.None));
        Assert.Equal(ConnectionStatus.LoginRequired, (await harness.ConnectionAsync(locked)).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unexpected_failure_of_one_connection_does_not_stop_the_round_or_keep_its_claim(DatabaseProvider provider)
    {
        var bank = new ScriptedBankProvider();
        bank.Accounts.Add(new ProviderAccount("acc-1", "Checking", Domain.Accounts.AccountType.Depository, "checking", 100m, "USD"));
        bank.Pages[""] = ScriptedBankProvider.Page("c1", hasMore: false, added: [ScriptedBankProvider.Tx("t1", "acc-1", -10m)]);
        await using var harness = await SyncHarness.CreateAsync(provider, configure: services => SyncHarness.UseProvider(services, bank));
        var connections = new List<Guid>();
        for (var i = 0; i < 2; i++) connections.Add(await harness.ConnectAsync(await harness.CreateUserAsync(), BankProvider.Plaid, "public-token"));
        // Whichever connection is synced first fails with something no handler expects (a bug, a database error).
        bank.Fail("", new InvalidOperationException("Unexpected."));

        Assert.Equal(1, await NewScheduler(harness).RunOnceAsync(CancellationToken.None));

        var stored = new List<BankConnection>();
        foreach (var connection in connections) stored.Add(await harness.ConnectionAsync(connection));
        Assert.Single(stored, c => c.SyncCursor == "c1");
        Assert.All(stored, c => Assert.Null(c.SyncLeaseUntil));
        Assert.Equal(1, await NewScheduler(harness).RunOnceAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task The_scheduler_runs_in_the_background_only_when_enabled(string enabled, bool expected)
    {
        await using var harness = await SyncHarness.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["BankSync:Scheduler:Enabled"] = enabled });

        Assert.Equal(expected, harness.Services.GetServices<IHostedService>().OfType<BankSyncScheduler>().Any());
    }

    private static async Task<bool> ClaimAsync(SyncHarness harness, Guid connection, TimeSpan lease)
    {
        await using var scope = harness.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SyncClaims>().TryClaimAsync(connection, MaxAge, lease, CancellationToken.None);
    }

    private static BankSyncScheduler NewScheduler(SyncHarness harness) => new(
        harness.Services.GetRequiredService<IServiceScopeFactory>(),
        Options.Create(new BankSyncSchedulerOptions { Enabled = true, MaxAge = MaxAge, Lease = Lease }),
        TimeProvider.System,
        NullLogger<BankSyncScheduler>.Instance);
}
