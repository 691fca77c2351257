using System.Text.Json;
using FinInfra.Application.BankSync;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Infrastructure.BankProviders.Plaid;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static FinInfra.Integration.Tests.BankSync.ProviderStubs;

namespace FinInfra.Integration.Tests.BankSync;

/// <summary>The Plaid adapter against a local stub: the adapter alone, then whole syncs on both databases.</summary>
public sealed class PlaidAdapterTests : IDisposable
{
    private readonly WireMockServer _plaid = WireMockServer.Start();

    public void Dispose() => _plaid.Stop();

    private PlaidBankProvider Adapter() => new(
        new HttpClient { BaseAddress = new Uri(_plaid.Url + "/") },
        Options.Create(new PlaidOptions { ClientId = PlaidClientId, Secret = PlaidSecret, BaseUrl = _plaid.Url!, PageSize = 2 }), new SyncLimits());

    [Fact]
    public async Task Exchange_sends_the_credentials_in_the_body_and_reads_the_item()
    {
        _plaid.PlaidLinkedItem();

        var link = await Adapter().ExchangePublicTokenAsync(PlaidPublicToken, CancellationToken.None);

        Assert.Equal(PlaidAccessToken, link.AccessToken);
        Assert.Equal("item-plaid-1", link.ItemId);
        Assert.Equal("First Platypus Bank", link.InstitutionName);
        Assert.DoesNotContain(PlaidAccessToken, link.ToString());
        var exchange = JsonDocument.Parse(_plaid.LogEntries.First(e => e.RequestMessage.Path == "/item/public_token/exchange").RequestMessage.Body!).RootElement;
        Assert.Equal(PlaidClientId, exchange.GetProperty("client_id").GetString());
        Assert.Equal(PlaidSecret, exchange.GetProperty("secret").GetString());
        Assert.Equal(PlaidPublicToken, exchange.GetProperty("public_token").GetString());
    }

    [Fact]
    public async Task Accounts_are_mapped_with_their_current_balance()
    {
        _plaid.PlaidLinkedItem();

        var accounts = await Adapter().GetAccountsAsync(PlaidAccessToken, CancellationToken.None);

        Assert.Equal(
            [
                new ProviderAccount("plaid-checking", "Plaid Checking", AccountType.Depository, "checking", 110.00m, "USD"),
                new ProviderAccount("plaid-card", "Plaid Credit Card", AccountType.Credit, "credit card", 410.00m, "USD"),
            ],
            accounts);
    }

    [Fact]
    public async Task A_sync_page_converts_plaid_outflows_to_negative_amounts_and_passes_the_cursor()
    {
        _plaid.Plaid("/transactions/sync", PlaidSyncPage(
            [PlaidTransaction("t-out", "plaid-checking", 12.34m, "2026-02-01"), PlaidTransaction("t-in", "plaid-checking", -500.00m, "2026-02-02", primary: "INCOME")],
            removed: ["t-gone"], nextCursor: "cursor-2", hasMore: true), body: new { cursor = "cursor-1", count = 2 });

        var page = await Adapter().SyncTransactionsAsync(PlaidAccessToken, "cursor-1", CancellationToken.None);

        Assert.Equal([-12.34m, 500.00m], page.Added.Select(t => t.Amount));
        Assert.Equal(["Food and drink", "Income"], page.Added.Select(t => t.Category));
        Assert.Equal(new DateOnly(2026, 2, 1), page.Added[0].Date);
        Assert.Equal(["t-gone"], page.Removed);
        Assert.Equal("cursor-2", page.NextCursor);
        Assert.True(page.HasMore);
    }

    [Theory]
    [InlineData("ITEM_ERROR", "ITEM_LOGIN_REQUIRED", ProviderFailure.LoginRequired)]
    [InlineData("INVALID_INPUT", "INVALID_ACCESS_TOKEN", ProviderFailure.LoginRequired)]
    [InlineData("INVALID_INPUT", "INVALID_PUBLIC_TOKEN", ProviderFailure.InvalidRequest)]
    [InlineData("TRANSACTIONS_ERROR", "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION", ProviderFailure.PaginationRestartRequired)]
    [InlineData("RATE_LIMIT_EXCEEDED", "TRANSACTIONS_SYNC_LIMIT", ProviderFailure.Unavailable)]
    [InlineData("INSTITUTION_ERROR", "INSTITUTION_DOWN", ProviderFailure.Unavailable)]
    public async Task Error_codes_map_to_failures_whose_messages_carry_no_secret(string errorType, string errorCode, ProviderFailure expected)
    {
        _plaid.PlaidError("/transactions/sync", errorType, errorCode);

        var failure = await Assert.ThrowsAsync<BankProviderException>(() => Adapter().SyncTransactionsAsync(PlaidAccessToken, null, CancellationToken.None));

        Assert.Equal(expected, failure.Failure);
        Assert.Contains(errorCode, failure.Message);
        foreach (var secret in new[] { PlaidAccessToken, PlaidSecret, PlaidClientId, "login details" })
            Assert.DoesNotContain(secret, failure.ToString());
    }

    [Fact]
    public async Task Server_errors_and_unreadable_answers_are_unavailable_or_invalid()
    {
        _plaid.Given(Request.Create().WithPath("/accounts/get")).RespondWith(Response.Create().WithStatusCode(503).WithBody("<html>down</html>"));
        _plaid.Given(Request.Create().WithPath("/transactions/sync")).RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"added\": [ not json"));

        Assert.Equal(ProviderFailure.Unavailable, (await Assert.ThrowsAsync<BankProviderException>(() => Adapter().GetAccountsAsync(PlaidAccessToken, CancellationToken.None))).Failure);
        Assert.Equal(ProviderFailure.InvalidResponse, (await Assert.ThrowsAsync<BankProviderException>(() => Adapter().SyncTransactionsAsync(PlaidAccessToken, null, CancellationToken.None))).Failure);
    }

    [Fact]
    public async Task An_unreachable_provider_is_unavailable()
    {
        var adapter = Adapter();
        _plaid.Stop();

        var failure = await Assert.ThrowsAsync<BankProviderException>(() => adapter.RemoveItemAsync(PlaidAccessToken, CancellationToken.None));

        Assert.Equal(ProviderFailure.Unavailable, failure.Failure);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Syncs_through_plaid_page_convert_signs_post_pending_and_then_change_nothing(DatabaseProvider database)
    {
        _plaid.PlaidLinkedItem();
        _plaid.Plaid("/transactions/sync", PlaidSyncPage(
            [PlaidTransaction("p-1", "plaid-checking", 25.00m, "2026-02-01"), PlaidTransaction("p-2", "plaid-card", 60.50m, "2026-02-02")],
            nextCursor: "c-1", hasMore: true), priority: 20);
        _plaid.Plaid("/transactions/sync", PlaidSyncPage(
            [PlaidTransaction("p-3", "plaid-checking", -1000.00m, "2026-02-03", primary: "INCOME"), PlaidTransaction("p-pend", "plaid-card", 9.99m, "2026-02-04", pending: true)],
            nextCursor: "c-2"), body: new { cursor = "c-1" }, priority: 5);
        await using var harness = await SyncHarness.CreateAsync(database, PlaidSettings(_plaid));
        var user = await harness.CreateUserAsync();
        var connection = await harness.ConnectAsync(user, BankProvider.Plaid, PlaidPublicToken);

        Assert.Equal(new SyncResult(4, 0, 0, 2), await harness.SyncAsync(user, connection));
        var first = await harness.TransactionsAsync(connection);
        Assert.Equal([-25.00m, -60.50m, 1000.00m, -9.99m], new[] { "p-1", "p-2", "p-3", "p-pend" }.Select(id => first[id].Amount));
        Assert.Equal("c-2", (await harness.ConnectionAsync(connection)).SyncCursor);
        Assert.Equal(410.00m, (await harness.AccountsAsync(connection)).Single(a => a.AccountId == "plaid-card").Balance);

        _plaid.Plaid("/transactions/sync", PlaidSyncPage(
            [PlaidTransaction("p-posted", "plaid-card", 9.99m, "2026-02-05", pendingId: "p-pend")],
            modified: [PlaidTransaction("p-2", "plaid-card", 61.50m, "2026-02-02")],
            removed: ["p-1", "p-pend"], nextCursor: "c-3"), body: new { cursor = "c-2" }, priority: 5);
        Assert.Equal(new SyncResult(1, 1, 2, 2), await harness.SyncAsync(user, connection));
        var second = await harness.TransactionsAsync(connection);
        Assert.Equal(["p-2", "p-3", "p-posted"], second.Keys.Order());
        Assert.Equal(-61.50m, second["p-2"].Amount);
        Assert.False(second["p-posted"].Pending);

        _plaid.Plaid("/transactions/sync", PlaidSyncPage([], nextCursor: "c-3"), body: new { cursor = "c-3" }, priority: 5);
        Assert.Equal(new SyncResult(0, 0, 0, 2), await harness.SyncAsync(user, connection));
        Assert.Equal(3, (await harness.TransactionsAsync(connection)).Count);
        var requests = string.Join("\n", _plaid.LogEntries.Select(e => e.RequestMessage.Body));
        Assert.Contains(PlaidAccessToken, requests);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_plaid_failure_mid_pagination_writes_nothing_and_login_required_marks_the_connection(DatabaseProvider database)
    {
        _plaid.PlaidLinkedItem();
        _plaid.Plaid("/transactions/sync", PlaidSyncPage([PlaidTransaction("p-1", "plaid-checking", 25.00m, "2026-02-01")], nextCursor: "c-1", hasMore: true), priority: 20);
        _plaid.Given(Request.Create().WithPath("/transactions/sync").WithBody(new WireMock.Matchers.JsonPartialMatcher(new { cursor = "c-1" })))
            .AtPriority(5).RespondWith(Response.Create().WithStatusCode(500).WithBody("{\"error_type\":\"API_ERROR\",\"error_code\":\"INTERNAL_SERVER_ERROR\"}"));
        await using var harness = await SyncHarness.CreateAsync(database, PlaidSettings(_plaid));
        var user = await harness.CreateUserAsync();
        var connection = await harness.ConnectAsync(user, BankProvider.Plaid, PlaidPublicToken);

        var outage = await Assert.ThrowsAsync<BankProviderException>(() => harness.SyncAsync(user, connection));

        Assert.Equal(ProviderFailure.Unavailable, outage.Failure);
        Assert.Equal(0, await harness.StoredTransactionRowsAsync(connection));
        Assert.Empty(await harness.AccountsAsync(connection, includeDeleted: true));
        var afterOutage = await harness.ConnectionAsync(connection);
        Assert.Null(afterOutage.SyncCursor);
        Assert.Equal(ConnectionStatus.Error, afterOutage.Status);

        _plaid.PlaidError("/transactions/sync", "ITEM_ERROR", "ITEM_LOGIN_REQUIRED");
        await Assert.ThrowsAsync<BankProviderException>(() => harness.SyncAsync(user, connection));
        var afterLogin = await harness.ConnectionAsync(connection);
        Assert.Equal(ConnectionStatus.LoginRequired, afterLogin.Status);
        Assert.Contains("ITEM_LOGIN_REQUIRED", afterLogin.LastError);
        Assert.DoesNotContain(PlaidAccessToken, afterLogin.LastError);
    }

    /// <summary>
    /// A Plaid item with a crypto account, shaped as Plaid's contract documents it: `iso_currency_code` null and
    /// `unofficial_currency_code` "DOGE" on the balance and on its transactions. It used to fail the whole item's sync
    /// with a 502; now every account and transaction is stored, the DOGE ones in DOGE, and Plaid's transfer and loan
    /// payment categories become kinds.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_item_with_a_doge_crypto_account_syncs_whole_and_keeps_the_currencies_apart(DatabaseProvider database)
    {
        _plaid.PlaidLinkedItem();
        _plaid.Plaid("/accounts/get", new
        {
            accounts = new object[]
            {
                PlaidAccount("plaid-checking", "Plaid Checking", "depository", "checking", 110.00m),
                new
                {
                    account_id = "plaid-doge", name = "Dogecoin Wallet", official_name = (string?)null, type = "investment", subtype = "crypto exchange", mask = (string?)null,
                    balances = new { available = (decimal?)null, current = 15000.1234m, limit = (decimal?)null, iso_currency_code = (string?)null, unofficial_currency_code = "DOGE" },
                },
            },
            item = new { item_id = "item-plaid-1" },
            request_id = "req-doge",
        }, priority: 1);
        var doge = new
        {
            transaction_id = "p-doge", account_id = "plaid-doge", amount = -500m, iso_currency_code = (string?)null, unofficial_currency_code = "DOGE",
            date = "2026-02-03", name = "DOGE purchase", merchant_name = (string?)null, pending = false, pending_transaction_id = (string?)null,
            personal_finance_category = new { primary = "TRANSFER_IN", detailed = "TRANSFER_IN_INVESTMENT_AND_RETIREMENT_FUNDS" }, category = (string[]?)null,
        };
        _plaid.Plaid("/transactions/sync", PlaidSyncPage(
            [PlaidTransaction("p-1", "plaid-checking", 40.00m, "2026-02-01"), PlaidTransaction("p-loan", "plaid-checking", 300.00m, "2026-02-02", primary: "LOAN_PAYMENTS"), doge]), priority: 1);
        await using var harness = await SyncHarness.CreateAsync(database, PlaidSettings(_plaid));
        var user = await harness.CreateUserAsync();
        var connection = await harness.ConnectAsync(user, BankProvider.Plaid, PlaidPublicToken);

        Assert.Equal(new SyncResult(3, 0, 0, 2), await harness.SyncAsync(user, connection));

        var accounts = await harness.AccountsAsync(connection);
        Assert.Equal(("DOGE", 15000.1234m), accounts.Where(a => a.AccountId == "plaid-doge").Select(a => (a.Currency.Value, a.Balance)).Single());
        var rows = await harness.TransactionsAsync(connection);
        Assert.Equal(("DOGE", 500m, Domain.Transactions.TransactionKind.Transfer), (rows["p-doge"].Currency.Value, rows["p-doge"].Amount, rows["p-doge"].Kind));
        Assert.Equal(("USD", -300m, Domain.Transactions.TransactionKind.Payment), (rows["p-loan"].Currency.Value, rows["p-loan"].Amount, rows["p-loan"].Kind));
        Assert.Equal(("USD", -40m, Domain.Transactions.TransactionKind.Standard), (rows["p-1"].Currency.Value, rows["p-1"].Amount, rows["p-1"].Kind));
    }
}
