using FinInfra.Application.BankSync;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static FinInfra.Integration.Tests.BankSync.ScriptedBankProvider;

namespace FinInfra.Integration.Tests.BankSync;

/// <summary>The synchronizer against a scripted provider: failures, restarts and disappearing accounts, on both databases.</summary>
public sealed class SyncAtomicityTests
{
    private static async Task<(SyncHarness Harness, ScriptedBankProvider Provider, Guid User, Guid Connection)> ArrangeAsync(DatabaseProvider database)
    {
        var provider = new ScriptedBankProvider();
        provider.Accounts.Add(new ProviderAccount("acc-1", "Checking", AccountType.Depository, "checking", 100m, "USD"));
        provider.Accounts.Add(new ProviderAccount("acc-2", "Card", AccountType.Credit, "credit card", 50m, "USD"));
        var harness = await SyncHarness.CreateAsync(database, configure: services => SyncHarness.UseProvider(services, provider));
        var user = await harness.CreateUserAsync();
        var connection = await harness.ConnectAsync(user, BankProvider.Plaid, "public-token");
        return (harness, provider, user, connection);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failure_on_a_later_page_writes_nothing_keeps_the_cursor_and_the_retry_applies_everything(DatabaseProvider database)
    {
        var (harness, provider, user, connection) = await ArrangeAsync(database);
        await using var _ = harness;
        provider.Pages[""] = Page("c1", hasMore: true, added: [Tx("t1", "acc-1", -10m), Tx("t2", "acc-1", -20m)]);
        provider.Pages["c1"] = Page("c2", hasMore: false, added: [Tx("t3", "acc-2", -30m)]);
        Assert.Equal(new SyncResult(3, 0, 0, 2), await harness.SyncAsync(user, connection));

        provider.Accounts[0] = provider.Accounts[0] with { Balance = 999m };
        provider.Pages["c2"] = Page("c3", hasMore: true, added: [Tx("t4", "acc-1", -40m)], modified: [Tx("t1", "acc-1", -11m)], removed: ["t2"]);
        provider.Pages["c3"] = Page("c4", hasMore: false, added: [Tx("t5", "acc-2", -50m)]);
        provider.Fail("c3", new BankProviderException(ProviderFailure.Unavailable, "Scripted outage."));

        await Assert.ThrowsAsync<BankProviderException>(() => harness.SyncAsync(user, connection));

        var unchanged = await harness.TransactionsAsync(connection);
        Assert.Equal(["t1", "t2", "t3"], unchanged.Keys.Order());
        Assert.Equal(-10m, unchanged["t1"].Amount);
        Assert.Equal(100m, (await harness.AccountsAsync(connection)).Single(a => a.AccountId == "acc-1").Balance);
        var failed = await harness.ConnectionAsync(connection);
        Assert.Equal("c2", failed.SyncCursor);
        Assert.Equal(ConnectionStatus.Error, failed.Status);
        Assert.Equal("Scripted outage.", failed.LastError);

        Assert.Equal(new SyncResult(2, 1, 1, 2), await harness.SyncAsync(user, connection));
        var applied = await harness.TransactionsAsync(connection);
        Assert.Equal(["t1", "t3", "t4", "t5"], applied.Keys.Order());
        Assert.Equal(-11m, applied["t1"].Amount);
        Assert.Equal(999m, (await harness.AccountsAsync(connection)).Single(a => a.AccountId == "acc-1").Balance);
        var recovered = await harness.ConnectionAsync(connection);
        Assert.Equal("c4", recovered.SyncCursor);
        Assert.Equal(ConnectionStatus.Active, recovered.Status);
        Assert.Null(recovered.LastError);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Nul_characters_from_the_provider_are_dropped_so_the_sync_is_stored_on_both_engines(DatabaseProvider database)
    {
        var (harness, provider, user, connection) = await ArrangeAsync(database);
        await using var _ = harness;
        provider.Accounts[0] = provider.Accounts[0] with { Name = "Check\0ing" };
        provider.Pages[""] = Page("c1", hasMore: false, added: [Tx("t\01", "acc-1", -10m) with { Name = "Cafe\0", MerchantName = "\0Bean", Category = "Fo\0od" }]);
        Assert.Equal(new SyncResult(1, 0, 0, 2), await harness.SyncAsync(user, connection));
        var stored = Assert.Single(await harness.TransactionsAsync(connection));
        Assert.Equal(("t1", "Cafe", "Bean", "Food"), (stored.Key, stored.Value.Name, stored.Value.MerchantName, stored.Value.Category));

        provider.Pages["c1"] = Page("c2", hasMore: false, removed: ["t\01"]);
        Assert.Equal(new SyncResult(0, 0, 1, 2), await harness.SyncAsync(user, connection));

        Assert.Equal("Checking", (await harness.AccountsAsync(connection)).Single(a => a.AccountId == "acc-1").Name);
        Assert.Equal(0, await harness.StoredTransactionRowsAsync(connection));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_record_that_breaks_a_rule_is_skipped_and_reported_and_the_rest_is_stored(DatabaseProvider database)
    {
        var (harness, provider, user, connection) = await ArrangeAsync(database);
        await using var _ = harness;
        provider.Pages[""] = Page("c1", hasMore: true, added: [Tx("t1", "acc-1", -10m)]);
        provider.Pages["c1"] = Page("c2", hasMore: false, added: [Tx("t2", "acc-1", -0.00001m), Tx("t3", "acc-9", -1m)]);

        var result = await harness.SyncAsync(user, connection);

        Assert.Equal(new SyncResult(1, 0, 0, 2, [new SkippedRecordsDto("transaction", "transaction.account_unknown", 1), new SkippedRecordsDto("transaction", "transaction.amount", 1)]), result);
        Assert.Equal(["t1"], (await harness.TransactionsAsync(connection)).Keys);
        var stored = await harness.ConnectionAsync(connection);
        Assert.Equal("c2", stored.SyncCursor);
        Assert.Equal(ConnectionStatus.Active, stored.Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pagination_restart_discards_the_pages_pulled_so_far_and_starts_again(DatabaseProvider database)
    {
        var (harness, provider, user, connection) = await ArrangeAsync(database);
        await using var _ = harness;
        provider.Pages[""] = Page("c1", hasMore: true, added: [Tx("t1", "acc-1", -10m)]);
        provider.Pages["c1"] = Page("c2", hasMore: false, added: [Tx("t2", "acc-1", -20m)]);
        provider.Fail("c1", new BankProviderException(ProviderFailure.PaginationRestartRequired, "Moved."));

        Assert.Equal(new SyncResult(2, 0, 0, 2), await harness.SyncAsync(user, connection));
        Assert.Equal("c2", (await harness.ConnectionAsync(connection)).SyncCursor);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Accounts_no_longer_reported_are_closed_with_their_history_and_reopen_when_they_return(DatabaseProvider database)
    {
        var (harness, provider, user, connection) = await ArrangeAsync(database);
        await using var _ = harness;
        provider.Pages[""] = Page("c1", hasMore: false, added: [Tx("t1", "acc-1", -10m), Tx("t2", "acc-2", -20m)]);
        await harness.SyncAsync(user, connection);

        var card = provider.Accounts[1];
        provider.Accounts.RemoveAt(1);
        Assert.Equal(new SyncResult(0, 0, 0, 1), await harness.SyncAsync(user, connection));
        var closed = (await harness.AccountsAsync(connection)).Single(a => a.AccountId == "acc-2");
        Assert.True(closed.IsClosed);
        Assert.False(closed.IsDeleted);
        Assert.Equal(["t1", "t2"], (await harness.TransactionsAsync(connection)).Keys.Order());

        provider.Accounts.Add(card with { Balance = 75m });
        provider.Pages["c1"] = Page("c2", hasMore: false, added: [Tx("t3", "acc-2", -5m)]);
        Assert.Equal(new SyncResult(1, 0, 0, 2), await harness.SyncAsync(user, connection));
        var accounts = await harness.AccountsAsync(connection, includeDeleted: true);
        Assert.Equal(2, accounts.Count);
        Assert.All(accounts, a => Assert.False(a.IsDeleted || a.IsClosed));
        Assert.Equal(75m, accounts.Single(a => a.AccountId == "acc-2").Balance);
        Assert.Equal(["t1", "t2", "t3"], (await harness.TransactionsAsync(connection)).Keys.Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_posted_transaction_replacing_a_pending_one_leaves_exactly_one_row_even_without_a_removal(DatabaseProvider database)
    {
        var (harness, provider, user, connection) = await ArrangeAsync(database);
        await using var _ = harness;
        provider.Pages[""] = Page("c1", hasMore: false, added: [Tx("pending-1", "acc-1", -9.99m, pending: true)]);
        await harness.SyncAsync(user, connection);
        provider.Pages["c1"] = Page("c2", hasMore: false, added: [Tx("posted-1", "acc-1", -9.99m, day: 2, replaces: "pending-1")]);

        Assert.Equal(new SyncResult(1, 0, 1, 2), await harness.SyncAsync(user, connection));

        var row = Assert.Single(await harness.TransactionsAsync(connection));
        Assert.Equal("posted-1", row.Key);
        Assert.False(row.Value.Pending);
        Assert.Equal(1, await harness.StoredTransactionRowsAsync(connection));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_connection_disconnected_while_its_sync_pulls_gets_nothing_written(DatabaseProvider database)
    {
        var (harness, provider, user, connection) = await ArrangeAsync(database);
        await using var _ = harness;
        provider.Pages[""] = Page("c1", hasMore: false, added: [Tx("t1", "acc-1", -10m)]);
        provider.WhileReadingAccounts = async () =>
        {
            await using var db = harness.Database.CreateContext(userId: user);
            (await db.BankConnections.SingleAsync(c => c.Id == connection)).Disconnect(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        };

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => harness.SyncAsync(user, connection));

        Assert.Equal("connection.disconnected", conflict.Rule);
        Assert.Empty(await harness.AccountsAsync(connection, includeDeleted: true));
        var stored = await harness.ConnectionAsync(connection);
        Assert.Equal(ConnectionStatus.Disconnected, stored.Status);
        Assert.Null(stored.SyncCursor);
        Assert.Null(stored.AccessToken);
    }
}
