using Ardalis.Specification;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Transactions;

namespace FinInfra.Application.BankSync;

/// <summary>Every account of a connection, soft-deleted ones included (an account the user deleted stays deleted, and is not duplicated).</summary>
public sealed class AccountsByConnectionSpec : Specification<Account>
{
    public AccountsByConnectionSpec(Guid connectionId) => Query.Where(a => a.ConnectionId == connectionId).IgnoreQueryFilters();
}

/// <summary>
/// The provider's rows in some accounts (soft-deleted accounts included), optionally only those with the given
/// provider ids: what a sync may remove. Rows the user imported by hand are never among them.
/// </summary>
public sealed class ProviderTransactionsOfAccountsSpec : Specification<Transaction>
{
    public ProviderTransactionsOfAccountsSpec(IReadOnlyCollection<Guid> accountIds, IReadOnlyCollection<string>? transactionIds = null)
    {
        Query.Where(t => accountIds.Contains(t.AccountId) && t.Source == TransactionSource.Provider).IgnoreQueryFilters();
        if (transactionIds is not null) Query.Where(t => transactionIds.Contains(t.TransactionId));
    }
}

/// <summary>The rows paired with any of these rows (their counterparts), tracked: they are unpaired when their other half goes.</summary>
public sealed class TransactionsPairedWithSpec : Specification<Transaction>
{
    public TransactionsPairedWithSpec(IReadOnlyCollection<Guid> transactionIds) =>
        Query.Where(t => t.CounterpartId != null && transactionIds.Contains(t.CounterpartId.Value)).IgnoreQueryFilters();
}
