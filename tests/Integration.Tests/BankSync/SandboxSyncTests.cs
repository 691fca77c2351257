using FinInfra.Application.BankSync;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Infrastructure.BankProviders.Sandbox;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;

namespace FinInfra.Integration.Tests.BankSync;

/// <summary>The synchronizer against the built-in sandbox, on both databases: exact rows after every sync.</summary>
public sealed class SandboxSyncTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Successive_syncs_apply_the_sandbox_script_exactly_and_then_change_nothing(DatabaseProvider provider)
    {
        await using var harness = await SyncHarness.CreateAsync(provider);
        var user = await harness.CreateUserAsync();
        var connection = await harness.ConnectAsync(user, BankProvider.Sandbox, SandboxBankProvider.GoodToken);

        var first = await harness.SyncAsync(user, connection);
        Assert.Equal(new SyncResult(8, 0, 0, 6), first);
        var accounts = await harness.AccountsAsync(connection);
        Assert.Equal(Enum.GetValues<AccountType>().Order(), accounts.Select(a => a.Type).Distinct().Order());
        Assert.Equal(2450.75m, accounts.Single(a => a.AccountId == "sbx-checking").Balance);
        Assert.Equal(212000.00m, accounts.Single(a => a.AccountId == "sbx-mortgage").Balance);
        var afterFirst = await harness.TransactionsAsync(connection);
        Assert.Equal(8, afterFirst.Count);
        Assert.Equal(2106.68m, afterFirst.Values.Sum(t => t.Amount));
        Assert.True(afterFirst["sbx-pending-001"].Pending);
        Assert.Equal(-82.17m, afterFirst["sbx-tx-003"].Amount);

        var second = await harness.SyncAsync(user, connection);
        Assert.Equal(new SyncResult(3, 1, 2, 6), second);
        var afterSecond = await harness.TransactionsAsync(connection);
        Assert.Equal(9, afterSecond.Count);
        Assert.Equal(2073.43m, afterSecond.Values.Sum(t => t.Amount));
        Assert.Equal(-85.17m, afterSecond["sbx-tx-003"].Amount);
        Assert.DoesNotContain("sbx-tx-004", afterSecond.Keys);
        Assert.DoesNotContain("sbx-pending-001", afterSecond.Keys);
        Assert.False(afterSecond["sbx-tx-009"].Pending);
        Assert.Single(afterSecond.Values, t => t.Name == "Streamflix");

        var third = await harness.SyncAsync(user, connection);
        Assert.Equal(new SyncResult(2, 1, 1, 6), third);
        var afterThird = await harness.TransactionsAsync(connection);
        Assert.Equal(10, afterThird.Count);
        Assert.Equal(5273.43m, afterThird.Values.Sum(t => t.Amount));
        Assert.DoesNotContain(afterThird.Values, t => t.Pending);
        Assert.Single(afterThird.Values, t => t.Name == "Downtown Parking");
        Assert.Equal("Restaurants", afterThird["sbx-tx-008"].Category);
        var cursorAfterThird = (await harness.ConnectionAsync(connection)).SyncCursor;

        var fourth = await harness.SyncAsync(user, connection);
        Assert.Equal(new SyncResult(0, 0, 0, 6), fourth);
        var afterFourth = await harness.TransactionsAsync(connection);
        Assert.Equal(afterThird.Keys.Order(), afterFourth.Keys.Order());
        Assert.Equal(afterThird.Values.Select(t => t.UpdatedAt).Order(), afterFourth.Values.Select(t => t.UpdatedAt).Order());
        var stored = await harness.ConnectionAsync(connection);
        Assert.Equal(cursorAfterThird, stored.SyncCursor);
        Assert.Equal(ConnectionStatus.Active, stored.Status);
        Assert.NotNull(stored.LastSyncedAt);
        Assert.Equal(6, (await harness.AccountsAsync(connection)).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Login_required_token_marks_the_connection_and_writes_nothing(DatabaseProvider provider)
    {
        await using var harness = await SyncHarness.CreateAsync(provider);
        var user = await harness.CreateUserAsync();
        var connection = await harness.ConnectAsync(user, BankProvider.Sandbox, SandboxBankProvider.LoginRequiredToken);

        var failure = await Assert.ThrowsAsync<BankProviderException>(() => harness.SyncAsync(user, connection));

        Assert.Equal(ProviderFailure.LoginRequired, failure.Failure);
        var stored = await harness.ConnectionAsync(connection);
        Assert.Equal(ConnectionStatus.LoginRequired, stored.Status);
        Assert.Null(stored.SyncCursor);
        Assert.Null(stored.LastSyncedAt);
        Assert.Equal(failure.Message, stored.LastError);
        Assert.Empty(await harness.AccountsAsync(connection, includeDeleted: true));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Outage_on_the_second_page_writes_nothing_and_keeps_the_old_cursor(DatabaseProvider provider)
    {
        await using var harness = await SyncHarness.CreateAsync(provider);
        var user = await harness.CreateUserAsync();
        var connection = await harness.ConnectAsync(user, BankProvider.Sandbox, SandboxBankProvider.OutageToken);

        var failure = await Assert.ThrowsAsync<BankProviderException>(() => harness.SyncAsync(user, connection));

        Assert.Equal(ProviderFailure.Unavailable, failure.Failure);
        var stored = await harness.ConnectionAsync(connection);
        Assert.Equal(ConnectionStatus.Error, stored.Status);
        Assert.Null(stored.SyncCursor);
        Assert.Empty(await harness.AccountsAsync(connection, includeDeleted: true));
        Assert.Equal(0, await harness.StoredTransactionRowsAsync(connection));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_syncs_of_one_connection_never_duplicate_or_lose_a_row(DatabaseProvider provider)
    {
        await using var harness = await SyncHarness.CreateAsync(provider);
        var user = await harness.CreateUserAsync();
        var connection = await harness.ConnectAsync(user, BankProvider.Sandbox, SandboxBankProvider.GoodToken);

        var applied = new List<SyncResult>();
        for (var round = 0; round < 2; round++)
        {
            applied.AddRange(await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => harness.SyncAsync(user, connection)))));

            // Racers that pulled before another committed are dropped; racers that started after it continue from
            // the stored cursor. Either way the stored rows are exactly the script's state at the stored cursor, and
            // the reported changes add up to the script's changes up to there: nothing doubled, nothing lost.
            var generation = int.Parse((await harness.ConnectionAsync(connection)).SyncCursor!.Split(':')[1]);
            var (rows, sum, added, removed) = ScriptState[generation];
            var transactions = await harness.TransactionsAsync(connection);
            Assert.Equal(rows, transactions.Count);
            Assert.Equal(rows, await harness.StoredTransactionRowsAsync(connection));
            Assert.Equal(sum, transactions.Values.Sum(t => t.Amount));
            Assert.Equal(added, applied.Sum(r => r.Added));
            Assert.Equal(removed, applied.Sum(r => r.Removed));
            Assert.Equal(6, (await harness.AccountsAsync(connection, includeDeleted: true)).Count);
            Assert.All(applied, r => Assert.Equal(6, r.Accounts));
        }
    }

    /// <summary>Rows, their sum, and the cumulative rows added and removed after each step of the sandbox script.</summary>
    internal static readonly Dictionary<int, (int Rows, decimal Sum, int Added, int Removed)> ScriptState = new()
    {
        [1] = (8, 2106.68m, 8, 0),
        [2] = (9, 2073.43m, 11, 2),
        [3] = (10, 5273.43m, 13, 3),
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unknown_public_token_is_refused_as_invalid_input(DatabaseProvider provider)
    {
        await using var harness = await SyncHarness.CreateAsync(provider);
        var user = await harness.CreateUserAsync();

        var failure = await Assert.ThrowsAsync<BankProviderException>(() => harness.ConnectAsync(user, BankProvider.Sandbox, "sandbox-nonsense"));

        Assert.Equal(ProviderFailure.InvalidRequest, failure.Failure);
    }
}
