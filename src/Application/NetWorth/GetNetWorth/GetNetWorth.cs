using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Application.Analytics;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.NetWorth.GetNetWorth;

/// <summary>Net worth computed now from live accounts, in <paramref name="Currency"/> (the user's base currency when null); nothing is stored.</summary>
public sealed record GetNetWorthQuery(string? Currency = null) : IQuery<NetWorthDto>;

internal sealed class GetNetWorthQueryValidator : AbstractValidator<GetNetWorthQuery>
{
    public GetNetWorthQueryValidator() =>
        RuleFor(q => q.Currency).Currency();
}

public sealed class GetNetWorthQueryHandler(NetWorthCalculator calculator, AnswerCurrency answerCurrency, TimeProvider clock, IMapper mapper) : IQueryHandler<GetNetWorthQuery, NetWorthDto>
{
    public async ValueTask<NetWorthDto> Handle(GetNetWorthQuery query, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var computed = await calculator.ComputeAsync(today, await answerCurrency.ResolveAsync(query.Currency, cancellationToken), cancellationToken);
        return mapper.Map<NetWorthDto>(computed) with { Id = null };
    }
}
