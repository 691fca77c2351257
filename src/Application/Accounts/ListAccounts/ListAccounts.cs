using Ardalis.Specification;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Paging;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Accounts;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Accounts.ListAccounts;

public sealed record ListAccountsQuery(AccountType? Type = null, int Limit = PageLimits.Default, string? Cursor = null) : IQuery<Page<AccountDto>>, IPageRequest;

public sealed class ListAccountsQueryHandler(IReadRepository<Account> accounts, IMapper mapper)
    : ListPageHandler<ListAccountsQuery, Account, AccountDto>(accounts, mapper)
{
    protected override ISpecification<Account> Specification(ListAccountsQuery query) =>
        new AccountsByTypeSpec(query.Type, Cursors.IdOrNull(query.Cursor), query.Limit);
}

internal sealed class ListAccountsQueryValidator : PageRequestValidator<ListAccountsQuery>
{
    public ListAccountsQueryValidator() => RuleFor(q => q.Type).IsInEnum();
}
