using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Transactions;

namespace FinInfra.Application.BankSync;

/// <summary>
/// One aggregator (sandbox, Plaid, Teller) behind a common shape. Amounts follow our sign convention
/// (negative = money out); each adapter converts. Failures are <see cref="BankProviderException"/>s whose
/// messages are safe to store and show: they never contain a token or a provider secret.
/// </summary>
public interface IBankProvider
{
    BankProvider Provider { get; }

    /// <summary>Trades the public token a client received from the provider's link flow for a long-lived access token.</summary>
    Task<ProviderLink> ExchangePublicTokenAsync(string publicToken, CancellationToken cancellationToken);

    /// <summary>Every account the item currently exposes, with its balance.</summary>
    Task<IReadOnlyList<ProviderAccount>> GetAccountsAsync(string accessToken, CancellationToken cancellationToken);

    /// <summary>One page of changes since <paramref name="cursor"/> (null: from the beginning).</summary>
    Task<ProviderTransactionPage> SyncTransactionsAsync(string accessToken, string? cursor, CancellationToken cancellationToken);

    /// <summary>Revokes the access token at the provider.</summary>
    Task RemoveItemAsync(string accessToken, CancellationToken cancellationToken);
}

/// <summary>Finds the adapter for a connection's provider.</summary>
public interface IBankProviderRegistry
{
    /// <summary>True when the provider is built in or configured on this instance.</summary>
    bool IsAvailable(BankProvider provider);

    /// <summary>The adapter; throws <see cref="BankProviderException"/> (<see cref="ProviderFailure.NotConfigured"/>) when it is not available.</summary>
    IBankProvider Resolve(BankProvider provider);
}

/// <summary>The result of a token exchange. <see cref="ToString"/> never shows the token.</summary>
public sealed record ProviderLink(string AccessToken, string ItemId, string InstitutionName)
{
    public override string ToString() => $"ProviderLink {{ ItemId = {ItemId}, InstitutionName = {InstitutionName} }}";
}

/// <summary>An account as the provider reports it; a liability's balance is the amount owed, positive.</summary>
public sealed record ProviderAccount(string AccountId, string Name, AccountType Type, string? Subtype, decimal Balance, string Currency);

/// <summary>
/// A transaction as the provider reports it, amount in our convention. <see cref="PendingTransactionId"/> is set
/// when this posted transaction replaces a pending one that had another id. <see cref="Currency"/> is the provider's
/// code for the transaction (null: the account's); <see cref="Kind"/> is what the provider says it is (a transfer
/// or a loan payment it labelled as such, else standard).
/// </summary>
public sealed record ProviderTransaction(
    string TransactionId,
    string AccountId,
    decimal Amount,
    DateOnly Date,
    string Name,
    string? MerchantName,
    string? Category,
    bool Pending,
    string? PendingTransactionId = null,
    string? Currency = null,
    TransactionKind Kind = TransactionKind.Standard);

/// <summary>
/// One page of a sync. <see cref="IsSnapshot"/> marks a provider without a change feed (Teller): the page then lists
/// every transaction of the accounts it covers, and anything else stored for those accounts is gone. An account the
/// snapshot lists no transaction for is not covered: its stored history is kept.
/// </summary>
public sealed record ProviderTransactionPage(
    IReadOnlyList<ProviderTransaction> Added,
    IReadOnlyList<ProviderTransaction> Modified,
    IReadOnlyList<string> Removed,
    string? NextCursor,
    bool HasMore,
    bool IsSnapshot = false);
