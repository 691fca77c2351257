using System.Text;
using FinInfra.Application.BankSync;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Infrastructure.BankProviders.Teller;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WireMock.Server;
using static FinInfra.Integration.Tests.BankSync.ProviderStubs;

namespace FinInfra.Integration.Tests.BankSync;

/// <summary>The Teller adapter against a local stub: the adapter alone, then whole syncs on both databases.</summary>
public sealed class TellerAdapterTests : IDisposable
{
    private const string Token = "token_teller_5e1d";

    private readonly WireMockServer _teller = WireMockServer.Start();

    public TellerAdapterTests()
    {
        _teller.Teller("/accounts", new[] { TellerAccount("acc_check", "depository", "checking"), TellerAccount("acc_card", "credit", "credit_card") });
        _teller.Teller("/accounts/acc_check/balances", new { account_id = "acc_check", ledger = "1200.50", available = "1100.50" });
        _teller.Teller("/accounts/acc_card/balances", new { account_id = "acc_card", ledger = "320.10", available = "4679.90" });
        _teller.Teller("/accounts/acc_card/transactions", Array.Empty<object>());
    }

    public void Dispose() => _teller.Stop();

    /// <summary>A harness on <paramref name="database"/> with one user and their Teller connection, not yet synced.</summary>
    private async Task<(SyncHarness Harness, Guid User, Guid Connection)> ConnectedAsync(DatabaseProvider database)
    {
        var harness = await SyncHarness.CreateAsync(database, TellerSettings(_teller));
        var user = await harness.CreateUserAsync();
        return (harness, user, await harness.ConnectAsync(user, BankProvider.Teller, Token));
    }

    private TellerBankProvider Adapter() => new(
        new HttpClient { BaseAddress = new Uri(_teller.Url + "/") },
        Options.Create(new TellerOptions { Enabled = true, BaseUrl = _teller.Url!, PageSize = 2 }), new SyncLimits());

    [Fact]
    public async Task Exchange_reads_the_enrollment_and_every_call_sends_the_token_as_basic_auth_user()
    {
        var link = await Adapter().ExchangePublicTokenAsync(Token, CancellationToken.None);

        Assert.Equal(new ProviderLink(Token, "enr_teller_1", "Security Credit Union"), link);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Token + ":"));
        Assert.All(_teller.LogEntries, e => Assert.Equal(expected, e.RequestMessage.Headers!["Authorization"].Single()));
    }

    [Fact]
    public async Task Accounts_carry_the_ledger_balance_parsed_from_strings()
    {
        var accounts = await Adapter().GetAccountsAsync(Token, CancellationToken.None);

        Assert.Equal(
            [
                new ProviderAccount("acc_check", "Teller checking", AccountType.Depository, "checking", 1200.50m, "USD"),
                new ProviderAccount("acc_card", "Teller credit_card", AccountType.Credit, "credit card", 320.10m, "USD"),
            ],
            accounts);
    }

    [Fact]
    public async Task Transactions_are_paged_with_from_id_into_one_snapshot_keeping_teller_signs()
    {
        _teller.Teller("/accounts/acc_check/transactions", new[]
        {
            TellerTransaction("txn_3", "acc_check", "-86.46", "2026-03-03"),
            TellerTransaction("txn_2", "acc_check", "2500.00", "2026-03-02"),
        });
        _teller.Teller("/accounts/acc_check/transactions", new[] { TellerTransaction("txn_1", "acc_check", "-4.20", "2026-03-01", status: "pending") }, param: ("from_id", "txn_2"));

        var page = await Adapter().SyncTransactionsAsync(Token, null, CancellationToken.None);

        Assert.True(page.IsSnapshot);
        Assert.False(page.HasMore);
        Assert.Equal(["txn_3", "txn_2", "txn_1"], page.Added.Select(t => t.TransactionId));
        Assert.Equal([-86.46m, 2500.00m, -4.20m], page.Added.Select(t => t.Amount));
        Assert.Equal([false, false, true], page.Added.Select(t => t.Pending));
        Assert.Equal("Shop txn_3", page.Added[0].MerchantName);
    }

    [Fact]
    public async Task A_disconnected_enrollment_needs_a_new_login_and_a_server_error_is_unavailable()
    {
        _teller.Teller("/accounts/acc_check/transactions", new { error = new { code = "enrollment.disconnected.user_action.mfa_required", message = $"mfa needed for {Token}" } }, status: 404);
        _teller.Teller("/accounts/acc_card/balances", new { error = new { code = "internal_error" } }, status: 502, priority: 1);

        var login = await Assert.ThrowsAsync<BankProviderException>(() => Adapter().SyncTransactionsAsync(Token, null, CancellationToken.None));
        var outage = await Assert.ThrowsAsync<BankProviderException>(() => Adapter().GetAccountsAsync(Token, CancellationToken.None));

        Assert.Equal(ProviderFailure.LoginRequired, login.Failure);
        Assert.Equal(ProviderFailure.Unavailable, outage.Failure);
        Assert.DoesNotContain(Token, login.ToString());
        Assert.DoesNotContain("mfa needed", login.ToString());
    }

    [Fact]
    public async Task A_configured_client_certificate_is_loaded_at_startup_and_a_bad_one_stops_it_clearly()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=fininfra-test", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(Path.GetTempPath(), $"teller-{Guid.NewGuid():N}.p12");
        await File.WriteAllBytesAsync(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "cert-password-1"));
        try
        {
            var settings = TellerSettings(_teller);
            settings["BankProviders:Teller:CertificatePath"] = path;
            settings["BankProviders:Teller:CertificatePassword"] = "cert-password-1";
            await using (var harness = await SyncHarness.CreateAsync(DatabaseProvider.Sqlite, settings))
            {
                using var scope = harness.Services.CreateScope();
                Assert.True(scope.ServiceProvider.GetRequiredService<IBankProviderRegistry>().IsAvailable(BankProvider.Teller));
            }

            settings["BankProviders:Teller:CertificatePassword"] = "wrong-password-2";
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => SyncHarness.CreateAsync(DatabaseProvider.Sqlite, settings));
            Assert.Contains("CertificatePath", failure.Message);
            Assert.DoesNotContain("wrong-password-2", failure.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_teller_snapshot_sync_removes_what_teller_no_longer_lists(DatabaseProvider database)
    {
        _teller.Teller("/accounts/acc_check/transactions", new[]
        {
            TellerTransaction("txn_pending", "acc_check", "-15.00", "2026-03-02", status: "pending"),
            TellerTransaction("txn_1", "acc_check", "-4.20", "2026-03-01"),
        }, priority: 20);
        var (harness, user, connection) = await ConnectedAsync(database);
        await using var _ = harness;

        Assert.Equal(new SyncResult(2, 0, 0, 2), await harness.SyncAsync(user, connection));
        Assert.Equal(1200.50m, (await harness.AccountsAsync(connection)).Single(a => a.AccountId == "acc_check").Balance);

        _teller.Teller("/accounts/acc_check/transactions", new[]
        {
            TellerTransaction("txn_posted", "acc_check", "-15.00", "2026-03-03"),
            TellerTransaction("txn_1", "acc_check", "-4.20", "2026-03-01"),
        }, priority: 5);
        Assert.Equal(new SyncResult(1, 0, 1, 2), await harness.SyncAsync(user, connection));
        var stored = await harness.TransactionsAsync(connection);
        Assert.Equal(["txn_1", "txn_posted"], stored.Keys.Order());
        Assert.Equal(-19.20m, stored.Values.Sum(t => t.Amount));

        Assert.Equal(new SyncResult(0, 0, 0, 2), await harness.SyncAsync(user, connection));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_account_teller_lists_no_transactions_for_keeps_its_stored_history(DatabaseProvider database)
    {
        _teller.Teller("/accounts/acc_check/transactions", new[]
        {
            TellerTransaction("txn_2", "acc_check", "2500.00", "2026-03-02"),
            TellerTransaction("txn_1", "acc_check", "-4.20", "2026-03-01"),
        }, priority: 20);
        var (harness, user, connection) = await ConnectedAsync(database);
        await using var _ = harness;
        Assert.Equal(new SyncResult(2, 0, 0, 2), await harness.SyncAsync(user, connection));

        _teller.Teller("/accounts/acc_check/transactions", Array.Empty<object>(), priority: 5);

        Assert.Equal(new SyncResult(0, 0, 0, 2), await harness.SyncAsync(user, connection));
        var stored = await harness.TransactionsAsync(connection);
        Assert.Equal(["txn_1", "txn_2"], stored.Keys.Order());
        Assert.Equal(2495.80m, stored.Values.Sum(t => t.Amount));
    }

    /// <summary>
    /// Teller's documented example signs a depository account from the holder's side (a grocery purchase "-42.50", a
    /// deposit "2500.00"); a card's amounts follow its balance, so a purchase is positive there. Both come out with our
    /// sign (money out negative), and Teller's type "transfer" is a transfer.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Card_purchases_are_stored_as_money_out_like_teller_documents_for_checking(DatabaseProvider database)
    {
        _teller.Teller("/accounts/acc_check/transactions", new object[]
        {
            TellerTransaction("txn_groceries", "acc_check", "-42.50", "2026-04-15"),
            TellerTransaction("txn_deposit", "acc_check", "2500.00", "2026-04-01"),
            new
            {
                id = "txn_card_payment", account_id = "acc_check", amount = "-320.10", date = "2026-04-20", description = "PAYMENT TO CARD", status = "posted",
                type = "transfer", running_balance = (string?)null, details = new { processing_status = "complete", category = (string?)null, counterparty = new { name = (string?)null, type = (string?)null } },
            },
        }, priority: 5);
        _teller.Teller("/accounts/acc_card/transactions", new[]
        {
            TellerTransaction("txn_dinner", "acc_card", "60.25", "2026-04-10"),
            TellerTransaction("txn_refund", "acc_card", "-10.00", "2026-04-12"),
        }, priority: 5);
        var (harness, user, connection) = await ConnectedAsync(database);
        await using var _ = harness;

        await harness.SyncAsync(user, connection);

        var rows = await harness.TransactionsAsync(connection);
        Assert.Equal((-42.50m, 2500m), (rows["txn_groceries"].Amount, rows["txn_deposit"].Amount));
        Assert.Equal((-60.25m, 10m), (rows["txn_dinner"].Amount, rows["txn_refund"].Amount));
        Assert.Equal(Domain.Transactions.TransactionKind.Transfer, rows["txn_card_payment"].Kind);
    }
}
