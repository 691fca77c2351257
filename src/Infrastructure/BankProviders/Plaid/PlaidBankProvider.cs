using System.Net.Http.Json;
using System.Text.Json;
using FinInfra.Application.BankSync;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Transactions;
using Microsoft.Extensions.Options;

namespace FinInfra.Infrastructure.BankProviders.Plaid;

/// <summary>
/// Plaid over its JSON API: every call is a POST carrying <c>client_id</c> and <c>secret</c> in the body. Plaid
/// reports outflows as positive amounts; they are negated here to match our convention. A currency is Plaid's ISO code,
/// else its unofficial one (crypto: <c>unofficial_currency_code</c> "DOGE" with a null ISO code). The personal-finance
/// primary categories TRANSFER_IN/TRANSFER_OUT make a transfer and LOAN_PAYMENTS a payment.
/// </summary>
public sealed class PlaidBankProvider(HttpClient http, IOptions<PlaidOptions> options, SyncLimits limits) : IBankProvider
{
    private const string Name = "Plaid";

    // Optional fields default to null: Plaid omits some of them, and a missing optional field is not a malformed answer.
    private static readonly JsonSerializerOptions Json = ProviderHttp.JsonOptions(JsonNamingPolicy.SnakeCaseLower);

    private readonly PlaidOptions _options = options.Value;

    public BankProvider Provider => BankProvider.Plaid;

    public async Task<ProviderLink> ExchangePublicTokenAsync(string publicToken, CancellationToken cancellationToken)
    {
        var exchange = await PostAsync<ExchangeResponse>("item/public_token/exchange", new Dictionary<string, object?> { ["public_token"] = publicToken }, cancellationToken);
        var item = await PostAsync<ItemGetResponse>("item/get", new Dictionary<string, object?> { ["access_token"] = exchange.AccessToken }, cancellationToken);
        var institution = item.Item.InstitutionName ?? item.Item.InstitutionId ?? Name;
        return new ProviderLink(exchange.AccessToken, exchange.ItemId, institution);
    }

    public async Task<IReadOnlyList<ProviderAccount>> GetAccountsAsync(string accessToken, CancellationToken cancellationToken)
    {
        var response = await PostAsync<AccountsResponse>("accounts/get", new Dictionary<string, object?> { ["access_token"] = accessToken }, cancellationToken);
        return response.Accounts.Select(ToAccount).ToList();
    }

    public async Task<ProviderTransactionPage> SyncTransactionsAsync(string accessToken, string? cursor, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object?> { ["access_token"] = accessToken, ["count"] = _options.PageSize };
        if (cursor is not null) body["cursor"] = cursor;
        var page = await PostAsync<SyncResponse>("transactions/sync", body, cancellationToken);
        return new ProviderTransactionPage(
            page.Added.Select(ToTransaction).ToList(),
            page.Modified.Select(ToTransaction).ToList(),
            page.Removed.Select(r => r.TransactionId).ToList(),
            page.NextCursor,
            page.HasMore);
    }

    public Task RemoveItemAsync(string accessToken, CancellationToken cancellationToken) =>
        PostAsync<JsonElement>("item/remove", new Dictionary<string, object?> { ["access_token"] = accessToken }, cancellationToken);

    private async Task<T> PostAsync<T>(string path, Dictionary<string, object?> body, CancellationToken cancellationToken)
    {
        body["client_id"] = _options.ClientId;
        body["secret"] = _options.Secret;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        using var response = await ProviderHttp.SendAsync(http, request, Name, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ProviderHttp.TryReadErrorAsync<PlaidError>(response, Json, Name, limits.MaxResponseBytes, cancellationToken);
            throw ToException(error, (int)response.StatusCode);
        }
        return await ProviderHttp.ReadAsync<T>(response, Json, Name, limits.MaxResponseBytes, cancellationToken);
    }

    /// <summary>Maps Plaid's documented error codes; the message carries the code only, never Plaid's own text.</summary>
    private static BankProviderException ToException(PlaidError? error, int status)
    {
        var code = ProviderHttp.SafeCode(error?.ErrorCode);
        var failure = code switch
        {
            "ITEM_LOGIN_REQUIRED" or "INVALID_ACCESS_TOKEN" or "ITEM_NOT_FOUND" or "ITEM_LOCKED" or "PENDING_EXPIRATION"
                or "ACCESS_NOT_GRANTED" or "INVALID_CREDENTIALS" or "USER_PERMISSION_REVOKED" => ProviderFailure.LoginRequired,
            "INVALID_PUBLIC_TOKEN" => ProviderFailure.InvalidRequest,
            "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION" => ProviderFailure.PaginationRestartRequired,
            _ => ProviderFailure.Unavailable,
        };
        var message = failure switch
        {
            ProviderFailure.LoginRequired => $"Plaid needs the user to sign in to the bank again ({code}).",
            ProviderFailure.InvalidRequest => $"Plaid refused the public token ({code}); start the link flow again.",
            ProviderFailure.PaginationRestartRequired => $"Plaid's data changed while paging ({code}).",
            _ => $"Plaid failed ({code}, HTTP {status}); try again later.",
        };
        return new BankProviderException(failure, message);
    }

    private static ProviderAccount ToAccount(PlaidAccount account) => new(
        account.AccountId,
        account.Name ?? account.OfficialName ?? account.AccountId,
        account.Type switch
        {
            "depository" => AccountType.Depository,
            "credit" => AccountType.Credit,
            "loan" => AccountType.Loan,
            "investment" or "brokerage" => AccountType.Investment,
            _ => AccountType.Other,
        },
        account.Subtype,
        account.Balances.Current ?? account.Balances.Available ?? 0m,
        account.Balances.IsoCurrencyCode ?? account.Balances.UnofficialCurrencyCode ?? "USD");

    private static ProviderTransaction ToTransaction(PlaidTransaction transaction) => new(
        transaction.TransactionId,
        transaction.AccountId,
        -transaction.Amount,
        transaction.Date,
        transaction.Name ?? transaction.MerchantName ?? "Transaction",
        transaction.MerchantName,
        Category(transaction),
        transaction.Pending,
        transaction.PendingTransactionId,
        transaction.IsoCurrencyCode ?? transaction.UnofficialCurrencyCode,
        transaction.PersonalFinanceCategory?.Primary switch
        {
            "TRANSFER_IN" or "TRANSFER_OUT" => TransactionKind.Transfer,
            "LOAN_PAYMENTS" => TransactionKind.Payment,
            _ => TransactionKind.Standard,
        });

    /// <summary>Plaid's personal-finance category (FOOD_AND_DRINK → "Food and drink"), else its legacy category.</summary>
    private static string? Category(PlaidTransaction transaction)
    {
        var primary = transaction.PersonalFinanceCategory?.Primary;
        if (string.IsNullOrWhiteSpace(primary)) return transaction.Category?.FirstOrDefault();
        var words = primary.Replace('_', ' ').ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    private sealed record ExchangeResponse(string AccessToken, string ItemId);

    private sealed record ItemGetResponse(PlaidItem Item);

    private sealed record PlaidItem(string? InstitutionId = null, string? InstitutionName = null);

    private sealed record AccountsResponse(List<PlaidAccount> Accounts);

    private sealed record PlaidAccount(string AccountId, PlaidBalances Balances, string? Name = null, string? OfficialName = null, string? Type = null, string? Subtype = null);

    private sealed record PlaidBalances(decimal? Current = null, decimal? Available = null, string? IsoCurrencyCode = null, string? UnofficialCurrencyCode = null);

    private sealed record SyncResponse(List<PlaidTransaction> Added, List<PlaidTransaction> Modified, List<PlaidRemoved> Removed, string NextCursor, bool HasMore);

    private sealed record PlaidTransaction(
        string TransactionId,
        string AccountId,
        decimal Amount,
        DateOnly Date,
        bool Pending,
        string? Name = null,
        string? MerchantName = null,
        string? PendingTransactionId = null,
        string? IsoCurrencyCode = null,
        string? UnofficialCurrencyCode = null,
        PlaidCategory? PersonalFinanceCategory = null,
        List<string>? Category = null);

    private sealed record PlaidCategory(string? Primary = null);

    private sealed record PlaidRemoved(string TransactionId);

    private sealed record PlaidError(string? ErrorType = null, string? ErrorCode = null);
}
