using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Application.Analytics;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.NetWorth.GetNetWorth;

/// <summary>Net worth computed now from live accounts, in <paramref name="Currency"/> (the user's base currency when null); nothing is stored.</summary>
public sealed record GetNetWorth(string? Currency = null) : IQuery<NetWorthDto>;

internal sealed class GetNetWorthValidator : AbstractValidator<GetNetWorth>
{
    public GetNetWorthValidator() =>
        RuleFor(q => q.Currency).Currency();
}

public sealed class GetNetWorthHandler(NetWorthCalculator calculator, AnswerCurrency answerCurrency, TimeProvider clock) : IQueryHandler<GetNetWorth, NetWorthDto>
{
    public async ValueTask<NetWorthDto> Handle(GetNetWorth query, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var computed = await calculator.ComputeAsync(today, await answerCurrency.ResolveAsync(query.Currency, cancellationToken), cancellationToken);
        return NetWorthDto.From(computed) with { Id = null };
    }
}
