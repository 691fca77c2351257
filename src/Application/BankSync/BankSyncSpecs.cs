using Ardalis.Specification;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Transactions;

namespace FinInfra.Application.BankSync;

/// <summary>A connection read without tracking: the sync re-reads it under its lock before writing.</summary>
public sealed class BankConnectionSnapshotByIdSpec : SingleResultSpecification<BankConnection>
{
    public BankConnectionSnapshotByIdSpec(Guid connectionId) => Query.Where(c => c.Id == connectionId).AsNoTracking();
}

/// <summary>Every account of a connection, soft-deleted ones included (a returning account is restored, not duplicated).</summary>
public sealed class AccountsByConnectionSpec : Specification<Account>
{
    public AccountsByConnectionSpec(Guid connectionId) => Query.Where(a => a.ConnectionId == connectionId).IgnoreQueryFilters();
}

/// <summary>The stored rows for some provider transaction ids within some accounts, soft-deleted accounts included.</summary>
public sealed class TransactionsByProviderIdsSpec : Specification<Transaction>
{
    public TransactionsByProviderIdsSpec(IReadOnlyCollection<Guid> accountIds, IReadOnlyCollection<string> transactionIds) =>
        Query.Where(t => accountIds.Contains(t.AccountId) && transactionIds.Contains(t.TransactionId)).IgnoreQueryFilters();
}

/// <summary>Every stored transaction of some accounts, soft-deleted accounts included.</summary>
public sealed class TransactionsByAccountsSpec : Specification<Transaction>
{
    public TransactionsByAccountsSpec(IReadOnlyCollection<Guid> accountIds) =>
        Query.Where(t => accountIds.Contains(t.AccountId)).IgnoreQueryFilters();
}
