using Ardalis.Specification;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Transactions;

namespace FinInfra.Application.BankSync;

/// <summary>Every account of a connection, soft-deleted ones included (a returning account is restored, not duplicated).</summary>
public sealed class AccountsByConnectionSpec : Specification<Account>
{
    public AccountsByConnectionSpec(Guid connectionId) => Query.Where(a => a.ConnectionId == connectionId).IgnoreQueryFilters();
}

/// <summary>
/// The stored transactions of some accounts (soft-deleted accounts included), optionally only those with the given
/// provider ids: what a sync removes.
/// </summary>
public sealed class TransactionsOfAccountsSpec : Specification<Transaction>
{
    public TransactionsOfAccountsSpec(IReadOnlyCollection<Guid> accountIds, IReadOnlyCollection<string>? transactionIds = null)
    {
        Query.Where(t => accountIds.Contains(t.AccountId)).IgnoreQueryFilters();
        if (transactionIds is not null) Query.Where(t => transactionIds.Contains(t.TransactionId));
    }
}
