using FinInfra.Application.BankSync;
using FinInfra.Domain.BankConnections;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static FinInfra.Integration.Tests.BankSync.ProviderStubs;

namespace FinInfra.Integration.Tests.BankSync;

/// <summary>
/// A provider's answers are bounded: too many pages, a cursor or from_id that does not advance, a body over the size
/// limit, a pull past its deadline and a redirect each stop the sync with a clear failure and store nothing of it.
/// </summary>
public sealed class ProviderLimitsTests : IDisposable
{
    private const string TellerToken = "token_teller_limits";

    private readonly WireMockServer _stub = WireMockServer.Start();

    public void Dispose() => _stub.Stop();

    private async Task<(SyncHarness Harness, Guid User, Guid Connection)> PlaidAsync(DatabaseProvider database, Dictionary<string, string?>? limits = null)
    {
        _stub.PlaidLinkedItem();
        var settings = PlaidSettings(_stub);
        foreach (var (key, value) in limits ?? []) settings[$"{SyncLimits.Section}:{key}"] = value;
        var harness = await SyncHarness.CreateAsync(database, settings);
        var user = await harness.CreateUserAsync();
        return (harness, user, await harness.ConnectAsync(user, BankProvider.Plaid, PlaidPublicToken));
    }

    private static async Task<BankProviderException> AssertFailsStoringNothingAsync(SyncHarness harness, Guid user, Guid connection, string message)
    {
        var failure = await Assert.ThrowsAsync<BankProviderException>(() => harness.SyncAsync(user, connection));
        Assert.Contains(message, failure.Message);
        Assert.Equal(0, await harness.StoredTransactionRowsAsync(connection));
        Assert.Empty(await harness.AccountsAsync(connection, includeDeleted: true));
        var stored = await harness.ConnectionAsync(connection);
        Assert.Null(stored.SyncCursor);
        Assert.Null(stored.LastSyncedAt);
        Assert.Equal(ConnectionStatus.Error, stored.Status);
        Assert.Contains(message, stored.LastError);
        return failure;
    }

    private void PlaidPage(string? askedCursor, string nextCursor, bool hasMore, int transactions = 1)
    {
        var added = Enumerable.Range(0, transactions).Select(i => PlaidTransaction($"p-{nextCursor}-{i}", "plaid-checking", 1.00m, "2026-02-01")).ToArray();
        if (askedCursor is null) _stub.Plaid("/transactions/sync", PlaidSyncPage(added, nextCursor: nextCursor, hasMore: hasMore), priority: 20);
        else _stub.Plaid("/transactions/sync", PlaidSyncPage(added, nextCursor: nextCursor, hasMore: hasMore), body: new { cursor = askedCursor }, priority: 5);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task More_pages_than_the_cap_fail_the_sync(DatabaseProvider database)
    {
        PlaidPage(null, "c-1", hasMore: true);
        PlaidPage("c-1", "c-2", hasMore: true);
        PlaidPage("c-2", "c-3", hasMore: true);
        var (harness, user, connection) = await PlaidAsync(database, new() { ["MaxPages"] = "2" });
        await using var _ = harness;

        var failure = await AssertFailsStoringNothingAsync(harness, user, connection, "kept reporting more pages (over 2)");
        Assert.Equal(ProviderFailure.InvalidResponse, failure.Failure);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_cursor_that_does_not_advance_fails_the_sync(DatabaseProvider database)
    {
        PlaidPage(null, "c-1", hasMore: true);
        PlaidPage("c-1", "c-1", hasMore: true);
        var (harness, user, connection) = await PlaidAsync(database);
        await using var _ = harness;

        await AssertFailsStoringNothingAsync(harness, user, connection, "cursor did not advance");
        Assert.Equal(2, _stub.LogEntries.Count(e => e.RequestMessage.Path == "/transactions/sync"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_body_over_the_size_limit_fails_the_sync_unread(DatabaseProvider database)
    {
        PlaidPage(null, "c-1", hasMore: false, transactions: 50);
        var (harness, user, connection) = await PlaidAsync(database, new() { ["MaxResponseBytes"] = "4096" });
        await using var _ = harness;

        var failure = await AssertFailsStoringNothingAsync(harness, user, connection, "answered with more than 4096 bytes");
        Assert.Equal(ProviderFailure.InvalidResponse, failure.Failure);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_redirect_is_not_followed_so_the_secret_is_not_resent(DatabaseProvider database)
    {
        _stub.Given(Request.Create().WithPath("/transactions/sync").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(307).WithHeader("Location", _stub.Url + "/collect"));
        _stub.Given(Request.Create().WithPath("/collect")).RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(PlaidSyncPage([])));
        var (harness, user, connection) = await PlaidAsync(database);
        await using var _ = harness;

        await AssertFailsStoringNothingAsync(harness, user, connection, "HTTP 307");
        Assert.DoesNotContain(_stub.LogEntries, e => e.RequestMessage.Path == "/collect");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_teller_from_id_that_does_not_advance_fails_the_sync(DatabaseProvider database)
    {
        _stub.Teller("/accounts", new[] { TellerAccount("acc_check", "depository", "checking") });
        _stub.Teller("/accounts/acc_check/balances", new { account_id = "acc_check", ledger = "10.00", available = "10.00" });
        // Every page, whatever from_id it is asked for, ends on the same transaction.
        _stub.Teller("/accounts/acc_check/transactions", new[]
        {
            TellerTransaction("txn_2", "acc_check", "-1.00", "2026-03-02"),
            TellerTransaction("txn_1", "acc_check", "-2.00", "2026-03-01"),
        });
        var settings = TellerSettings(_stub);
        settings["BankProviders:Teller:PageSize"] = "2";
        await using var harness = await SyncHarness.CreateAsync(database, settings);
        var user = await harness.CreateUserAsync();
        var connection = await harness.ConnectAsync(user, BankProvider.Teller, TellerToken);

        await AssertFailsStoringNothingAsync(harness, user, connection, "from_id did not advance");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_pull_past_its_deadline_fails_the_sync(DatabaseProvider database)
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var slow = new ScriptedBankProvider { Accounts = { new ProviderAccount("acc", "Checking", Domain.Accounts.AccountType.Depository, null, 1m, "USD") } };
        // Each page takes (on the test's clock) a minute; the deadline is two and a half.
        slow.Pages[""] = ScriptedBankProvider.Page("c-1", hasMore: true, added: [ScriptedBankProvider.Tx("t-1", "acc", -1m)]);
        slow.Pages["c-1"] = ScriptedBankProvider.Page("c-2", hasMore: true);
        slow.Pages["c-2"] = ScriptedBankProvider.Page("c-3", hasMore: true);
        slow.Pages["c-3"] = ScriptedBankProvider.Page("c-4", hasMore: false);
        slow.WhilePaging = () => clock.Advance(TimeSpan.FromMinutes(1));
        await using var harness = await SyncHarness.CreateAsync(database, new Dictionary<string, string?> { [$"{SyncLimits.Section}:PullDeadline"] = "00:02:30" }, services =>
        {
            SyncHarness.UseProvider(services, slow);
            services.AddSingleton<TimeProvider>(clock);
        });
        var user = await harness.CreateUserAsync();
        var connection = await harness.ConnectAsync(user, BankProvider.Plaid, "public-token");

        var failure = await AssertFailsStoringNothingAsync(harness, user, connection, "took longer than 00:02:30");
        Assert.Equal(ProviderFailure.Unavailable, failure.Failure);
    }
}
