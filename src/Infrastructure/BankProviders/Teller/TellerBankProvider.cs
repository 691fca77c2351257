using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FinInfra.Application.BankSync;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Transactions;
using Microsoft.Extensions.Options;

namespace FinInfra.Infrastructure.BankProviders.Teller;

/// <summary>
/// Teller over its REST API: the access token is the basic-auth user name (empty password), and the client
/// certificate is attached by the handler configured in <see cref="BankProviderRegistration"/>. Teller Connect hands
/// the client an access token directly, so the "exchange" only reads the enrollment behind it. Teller has no change
/// feed: a sync returns every transaction as one snapshot page, and whatever is not in it is gone (within the accounts
/// it lists transactions for; see <see cref="ProviderTransactionPage.IsSnapshot"/>). Teller signs a depository account's
/// amounts from the holder's side (its documented example: a grocery purchase "-42.50", a direct deposit "2500.00"), but a
/// credit account's from the card's balance (a purchase raises what is owed, so it is positive): those are negated here,
/// so money out is negative on every account. A transaction of Teller's type <c>transfer</c> is a transfer.
/// </summary>
public sealed class TellerBankProvider(HttpClient http, IOptions<TellerOptions> options, SyncLimits limits) : IBankProvider
{
    private const string Name = "Teller";

    private static readonly JsonSerializerOptions Json = ProviderHttp.JsonOptions(JsonNamingPolicy.SnakeCaseLower);

    private readonly TellerOptions _options = options.Value;

    public BankProvider Provider => BankProvider.Teller;

    public async Task<ProviderLink> ExchangePublicTokenAsync(string publicToken, CancellationToken cancellationToken)
    {
        var accounts = await GetAsync<List<TellerAccount>>(publicToken, "accounts", cancellationToken);
        var first = accounts.FirstOrDefault();
        // Without an account there is no enrollment id to read; a digest of the token identifies the item instead.
        var itemId = first?.EnrollmentId ?? "teller-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(publicToken)))[..32];
        return new ProviderLink(publicToken, itemId, first?.Institution?.Name ?? Name);
    }

    public async Task<IReadOnlyList<ProviderAccount>> GetAccountsAsync(string accessToken, CancellationToken cancellationToken)
    {
        var accounts = await GetAsync<List<TellerAccount>>(accessToken, "accounts", cancellationToken);
        var result = new List<ProviderAccount>(accounts.Count);
        foreach (var account in accounts)
        {
            var balances = await GetAsync<TellerBalances>(accessToken, $"accounts/{Uri.EscapeDataString(account.Id)}/balances", cancellationToken);
            result.Add(new ProviderAccount(
                account.Id,
                account.Name ?? account.Id,
                account.Type == "credit" ? AccountType.Credit : AccountType.Depository,
                account.Subtype?.Replace('_', ' '),
                balances.Ledger ?? balances.Available ?? 0m,
                account.Currency ?? "USD"));
        }
        return result;
    }

    public async Task<ProviderTransactionPage> SyncTransactionsAsync(string accessToken, string? cursor, CancellationToken cancellationToken)
    {
        var accounts = await GetAsync<List<TellerAccount>>(accessToken, "accounts", cancellationToken);
        var all = new List<ProviderTransaction>();
        var pages = new PageCount(limits.MaxPages);
        foreach (var account in accounts)
            all.AddRange(await GetAllTransactionsAsync(accessToken, account.Id, account.Type == "credit", pages, cancellationToken));
        return new ProviderTransactionPage(all, [], [], NextCursor: null, HasMore: false, IsSnapshot: true);
    }

    public async Task RemoveItemAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(accessToken, HttpMethod.Delete, "accounts", cancellationToken);
    }

    /// <summary>
    /// Pages backwards through an account's history with <c>count</c> and <c>from_id</c> until a short page. Each next
    /// <c>from_id</c> must be one not used before (a page ending on an id already seen would page forever), and the
    /// pages of the whole pull count against <see cref="SyncLimits.MaxPages"/>.
    /// </summary>
    private async Task<List<ProviderTransaction>> GetAllTransactionsAsync(string accessToken, string accountId, bool isCredit, PageCount pages, CancellationToken cancellationToken)
    {
        var result = new List<ProviderTransaction>();
        string? fromId = null;
        var usedFromIds = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            pages.Next();
            var path = $"accounts/{Uri.EscapeDataString(accountId)}/transactions?count={_options.PageSize}"
                       + (fromId is null ? "" : $"&from_id={Uri.EscapeDataString(fromId)}");
            var page = await GetAsync<List<TellerTransaction>>(accessToken, path, cancellationToken);
            result.AddRange(page.Select(t => new ProviderTransaction(
                t.Id,
                accountId,
                isCredit ? -t.Amount : t.Amount,
                t.Date,
                t.Description ?? t.Details?.Counterparty?.Name ?? "Transaction",
                t.Details?.Counterparty?.Name,
                t.Details?.Category,
                t.Status == "pending",
                Kind: t.Type == "transfer" ? TransactionKind.Transfer : TransactionKind.Standard)));
            if (page.Count < _options.PageSize) return result;
            fromId = page[^1].Id;
            if (!usedFromIds.Add(fromId))
                throw new BankProviderException(ProviderFailure.InvalidResponse, "Teller's from_id did not advance; nothing was stored.");
        }
    }

    private sealed class PageCount(int max)
    {
        private int _count;

        public void Next()
        {
            if (++_count > max)
                throw new BankProviderException(ProviderFailure.InvalidResponse, $"Teller kept reporting more pages (over {max}); nothing was stored.");
        }
    }

    private async Task<T> GetAsync<T>(string accessToken, string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(accessToken, HttpMethod.Get, path, cancellationToken);
        return await ProviderHttp.ReadAsync<T>(response, Json, Name, limits.MaxResponseBytes, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(string accessToken, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(accessToken + ":")));
        var response = await ProviderHttp.SendAsync(http, request, Name, cancellationToken);
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var error = await ProviderHttp.TryReadErrorAsync<TellerErrorBody>(response, Json, Name, limits.MaxResponseBytes, cancellationToken);
            throw ToException(response.StatusCode, ProviderHttp.SafeCode(error?.Error?.Code));
        }
    }

    private static BankProviderException ToException(HttpStatusCode status, string code)
    {
        if (code.StartsWith("enrollment.disconnected", StringComparison.Ordinal) || status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            return new BankProviderException(ProviderFailure.LoginRequired, $"Teller needs the user to reconnect the bank ({code}).");
        return new BankProviderException(ProviderFailure.Unavailable, $"Teller failed ({code}, HTTP {(int)status}); try again later.");
    }

    private sealed record TellerAccount(string Id, string? Name = null, string? Type = null, string? Subtype = null, string? Currency = null, string? EnrollmentId = null, TellerInstitution? Institution = null);

    private sealed record TellerInstitution(string? Id = null, string? Name = null);

    private sealed record TellerBalances(decimal? Ledger = null, decimal? Available = null);

    private sealed record TellerTransaction(string Id, decimal Amount, DateOnly Date, string? Description = null, string? Status = null, string? Type = null, TellerDetails? Details = null);

    private sealed record TellerDetails(string? Category = null, TellerCounterparty? Counterparty = null);

    private sealed record TellerCounterparty(string? Name = null);

    private sealed record TellerErrorBody(TellerError? Error = null);

    private sealed record TellerError(string? Code = null);
}
