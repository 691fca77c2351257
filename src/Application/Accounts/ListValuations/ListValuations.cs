using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Accounts;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Accounts.ListValuations;

/// <summary>An account's valuations, oldest first. At most one a day, and only manual accounts take them, so the list stays small.</summary>
public sealed record ListValuationsQuery(Guid AccountId) : IQuery<IReadOnlyList<ValuationDto>>;

public sealed class ListValuationsQueryHandler(IReadRepository<Account> accounts, IReadRepository<AccountValuation> valuations, IMapper mapper)
    : IQueryHandler<ListValuationsQuery, IReadOnlyList<ValuationDto>>
{
    public async ValueTask<IReadOnlyList<ValuationDto>> Handle(ListValuationsQuery query, CancellationToken cancellationToken)
    {
        var account = await accounts.GetOwnedAsync(query.AccountId, cancellationToken);
        return mapper.Map<List<ValuationDto>>(await valuations.ListAsync(new ValuationsOfAccountSpec(account.Id), cancellationToken));
    }
}
