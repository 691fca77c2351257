using FinInfra.Application.BankConnections.DisconnectBankConnection;
using FinInfra.Application.BankSync;
using FinInfra.Application.Transactions.ImportTransactions;
using FinInfra.Application.Transactions.UpdateTransaction;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Transactions;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using FinInfra.Application.Common.Abstractions;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using static FinInfra.Integration.Tests.BankSync.ScriptedBankProvider;

namespace FinInfra.Integration.Tests.BankSync;

/// <summary>What real bank histories do to a sync: edits, transfers, manual rows, crypto accounts, deleted and disconnected accounts.</summary>
public sealed class RealBankDataSyncTests
{
    private static async Task<(SyncHarness Harness, ScriptedBankProvider Provider, Guid User, Guid Connection)> ArrangeAsync(DatabaseProvider database)
    {
        var provider = new ScriptedBankProvider();
        provider.Accounts.Add(new ProviderAccount("acc-1", "Checking", AccountType.Depository, "checking", 100m, "USD"));
        provider.Accounts.Add(new ProviderAccount("acc-2", "Savings", AccountType.Depository, "savings", 50m, "USD"));
        var harness = await SyncHarness.CreateAsync(database, configure: services => SyncHarness.UseProvider(services, provider));
        var user = await harness.CreateUserAsync();
        var connection = await harness.ConnectAsync(user, BankProvider.Plaid, "public-token");
        return (harness, provider, user, connection);
    }

    /// <summary>Runs a command's handler as the user, committed by the unit of work as the pipeline would.</summary>
    private static Task<TResult> RunAsync<THandler, TResult>(SyncHarness harness, Guid user, Func<THandler, CancellationToken, ValueTask<TResult>> handle) where THandler : class =>
        harness.AsUserAsync(user, sp => sp.GetRequiredService<IUnitOfWork>().ExecuteInTransactionAsync(
            async ct => await handle(ActivatorUtilities.CreateInstance<THandler>(sp), ct)));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_category_the_user_set_survives_a_modified_row_and_follows_the_pending_row_to_its_posted_one(DatabaseProvider database)
    {
        var (harness, provider, user, connection) = await ArrangeAsync(database);
        await using var _ = harness;
        provider.Pages[""] = Page("c1", hasMore: false, added: [Tx("p1", "acc-1", -9.99m, pending: true, category: "Food and drink")]);
        await harness.SyncAsync(user, connection);
        var pending = (await harness.TransactionsAsync(connection))["p1"];
        await RunAsync<UpdateTransactionCommandHandler, Application.Transactions.TransactionDto>(harness, user, (h, ct) => h.Handle(new UpdateTransactionCommand(pending.Id, Category: "Groceries", Note: "weekly shop"), ct));

        provider.Pages["c1"] = Page("c2", hasMore: false, modified: [Tx("p1", "acc-1", -9.99m, pending: true, category: "Shopping")]);
        await harness.SyncAsync(user, connection);
        var modified = (await harness.TransactionsAsync(connection))["p1"];
        Assert.Equal(("Groceries", "Shopping"), (modified.Category, modified.SourceCategory));

        provider.Pages["c2"] = Page("c3", hasMore: false, added: [Tx("posted-1", "acc-1", -9.99m, day: 2, replaces: "p1", category: "Shopping")]);
        await harness.SyncAsync(user, connection);
        var posted = Assert.Single(await harness.TransactionsAsync(connection));
        Assert.Equal(("posted-1", "Groceries", "weekly shop", EditableField.Category), (posted.Key, posted.Value.Category, posted.Value.Note, posted.Value.EditedFields));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_move_from_checking_to_savings_is_matched_as_a_transfer_and_a_split_pair_is_never_matched_again(DatabaseProvider database)
    {
        var (harness, provider, user, connection) = await ArrangeAsync(database);
        await using var _ = harness;
        provider.Pages[""] = Page("c1", hasMore: false, added: [Tx("out", "acc-1", -1000m, day: 3, category: null), Tx("in", "acc-2", 1000m, day: 5, category: null)]);
        await harness.SyncAsync(user, connection);
        var rows = await harness.TransactionsAsync(connection);
        Assert.Equal((TransactionKind.Transfer, rows["in"].Id), (rows["out"].Kind, rows["out"].CounterpartId));
        Assert.Equal(TransactionKind.Transfer, rows["in"].Kind);

        await RunAsync<Application.Transactions.SplitTransactionPair.SplitTransactionPairCommandHandler, Application.Transactions.TransactionDto>(harness, user, (h, ct) => h.Handle(new(rows["out"].Id), ct));
        provider.Pages["c1"] = Page("c2", hasMore: false, modified: [Tx("out", "acc-1", -1000m, day: 3, category: null), Tx("in", "acc-2", 1000m, day: 5, category: null)]);
        await harness.SyncAsync(user, connection);
        var split = await harness.TransactionsAsync(connection);
        Assert.All(split.Values, t => Assert.Equal((TransactionKind.Standard, (Guid?)null), (t.Kind, t.CounterpartId)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deleted_linked_account_stays_deleted_and_a_disconnect_leaves_the_accounts_as_the_users_own(DatabaseProvider database)
    {
        var (harness, provider, user, connection) = await ArrangeAsync(database);
        await using var _ = harness;
        provider.Pages[""] = Page("c1", hasMore: false, added: [Tx("t1", "acc-1", -10m), Tx("t2", "acc-2", -20m)]);
        await harness.SyncAsync(user, connection);
        var savings = (await harness.AccountsAsync(connection)).Single(a => a.AccountId == "acc-2");
        await harness.AsUserAsync(user, async sp => { await using var db = harness.Database.CreateContext(userId: user); var row = await db.Accounts.FindAsync(savings.Id); db.Accounts.Remove(row!); return await db.SaveChangesAsync(); });

        provider.Pages["c1"] = Page("c2", hasMore: false, added: [Tx("t3", "acc-2", -5m)]);
        Assert.Equal(new SyncResult(0, 0, 0, 1), await harness.SyncAsync(user, connection));
        Assert.True((await harness.AccountsAsync(connection, includeDeleted: true)).Single(a => a.AccountId == "acc-2").IsDeleted);

        await RunAsync<DisconnectBankConnectionCommandHandler, Unit>(harness, user, (h, ct) => h.Handle(new DisconnectBankConnectionCommand(connection), ct));
        var checking = (await harness.AccountsAsync(connection)).Single();
        Assert.True(checking.IsManual);
        await RunAsync<Application.Accounts.UpdateAccount.UpdateAccountCommandHandler, Application.Accounts.AccountDto>(harness, user, (h, ct) => h.Handle(new(checking.Id, null, 42m), ct));
        Assert.Equal(42m, (await harness.AccountsAsync(connection)).Single().Balance);
        Assert.Equal(["t1"], (await harness.TransactionsAsync(connection)).Keys);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_snapshot_sync_never_removes_rows_the_user_imported_into_a_linked_account(DatabaseProvider database)
    {
        var (harness, provider, user, connection) = await ArrangeAsync(database);
        await using var _ = harness;
        provider.Pages[""] = new ProviderTransactionPage([Tx("bank-1", "acc-1", -10m)], [], [], null, false, IsSnapshot: true);
        await harness.SyncAsync(user, connection);
        var checking = (await harness.AccountsAsync(connection)).Single(a => a.AccountId == "acc-1");
        await RunAsync<ImportTransactionsCommandHandler, ImportResultDto>(harness, user, (h, ct) => h.Handle(new ImportTransactionsCommand(checking.Id, [new ImportedTransaction("manual-1", -3m, new DateOnly(2026, 2, 1), "Cash")]), ct));

        provider.Pages[""] = new ProviderTransactionPage([Tx("bank-2", "acc-1", -11m)], [], [], null, false, IsSnapshot: true);
        Assert.Equal(1, (await harness.SyncAsync(user, connection)).Removed);
        Assert.Equal(["bank-2", "manual-1"], (await harness.TransactionsAsync(connection)).Keys.Order());
    }
}
