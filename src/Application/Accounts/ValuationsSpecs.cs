using Ardalis.Specification;
using FinInfra.Domain.Accounts;

namespace FinInfra.Application.Accounts;

/// <summary>One account's valuations, oldest first (at most one a day).</summary>
public sealed class ValuationsOfAccountSpec : Specification<AccountValuation>
{
    public ValuationsOfAccountSpec(Guid accountId) => Query.Where(v => v.AccountId == accountId).OrderBy(v => v.Date);
}

/// <summary>The valuation of one account on one day, if recorded.</summary>
public sealed class ValuationOnDaySpec : SingleResultSpecification<AccountValuation>
{
    public ValuationOnDaySpec(Guid accountId, DateOnly date) => Query.Where(v => v.AccountId == accountId && v.Date == date);
}
