using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Common;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.NetWorth.GetNetWorth;

/// <summary>Net worth computed now from live accounts, in <paramref name="Currency"/> (USD when null); nothing is stored.</summary>
public sealed record GetNetWorth(string? Currency = null) : IQuery<NetWorthDto>;

internal sealed class GetNetWorthValidator : AbstractValidator<GetNetWorth>
{
    public GetNetWorthValidator() =>
        RuleFor(q => q.Currency).Currency();
}

public sealed class GetNetWorthHandler(NetWorthCalculator calculator, TimeProvider clock) : IQueryHandler<GetNetWorth, NetWorthDto>
{
    public async ValueTask<NetWorthDto> Handle(GetNetWorth query, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var computed = await calculator.ComputeAsync(today, CurrencyCode.OrUsd(query.Currency), cancellationToken);
        return NetWorthDto.From(computed) with { Id = null };
    }
}
