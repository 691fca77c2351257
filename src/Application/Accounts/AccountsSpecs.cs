using Ardalis.Specification;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Accounts;

namespace FinInfra.Application.Accounts;

/// <summary>A page of the caller's accounts, optionally of one type.</summary>
public sealed class AccountsByTypeSpec : EntitiesPageSpec<Account>
{
    public AccountsByTypeSpec(AccountType? type, Guid? after, int limit) : base(after, limit)
    {
        if (type is { } wanted) Query.Where(a => a.Type == wanted);
    }
}
