using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Application.NetWorth;
using FinInfra.Domain.Accounts;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.Accounts.GetBalanceHistory;

/// <summary>One account's stored daily balances in [<paramref name="From"/>, <paramref name="To"/>] (default: the year up to today), oldest first.</summary>
public sealed record GetBalanceHistoryQuery(Guid AccountId, DateOnly? From = null, DateOnly? To = null) : IQuery<IReadOnlyList<BalanceDayDto>>
{
    public DateRange Range(TimeProvider clock) => DateRange.PastYear(From, To, clock.Today());
}

internal sealed class GetBalanceHistoryQueryValidator : AbstractValidator<GetBalanceHistoryQuery>
{
    public GetBalanceHistoryQueryValidator(TimeProvider clock) =>
        RuleFor(q => q).ValidDateRange(q => q.Range(clock), bounded: true);
}

public sealed class GetBalanceHistoryQueryHandler(IReadRepository<Account> accounts, IBalanceHistoryReader history, TimeProvider clock)
    : IQueryHandler<GetBalanceHistoryQuery, IReadOnlyList<BalanceDayDto>>
{
    public async ValueTask<IReadOnlyList<BalanceDayDto>> Handle(GetBalanceHistoryQuery query, CancellationToken cancellationToken)
    {
        var account = await accounts.GetOwnedAsync(query.AccountId, cancellationToken);
        var (from, to) = query.Range(clock);
        var rows = await history.AccountDaysAsync(account.Id, from, to, cancellationToken);
        return [.. rows.Select(r => new BalanceDayDto(r.Date, r.Opening, r.Inflow, r.Outflow, r.Closing, r.Currency.Value))];
    }
}
