using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Common;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.NetWorth.GetNetWorth;

/// <summary>Net worth computed now from live accounts, in <paramref name="Currency"/> (USD when null); nothing is stored.</summary>
public sealed record GetNetWorthQuery(string? Currency = null) : IQuery<NetWorthDto>;

internal sealed class GetNetWorthQueryValidator : AbstractValidator<GetNetWorthQuery>
{
    public GetNetWorthQueryValidator() =>
        RuleFor(q => q.Currency).Currency();
}

public sealed class GetNetWorthQueryHandler(NetWorthCalculator calculator, TimeProvider clock, IMapper mapper) : IQueryHandler<GetNetWorthQuery, NetWorthDto>
{
    public async ValueTask<NetWorthDto> Handle(GetNetWorthQuery query, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var computed = await calculator.ComputeAsync(today, CurrencyCode.OrUsd(query.Currency), cancellationToken);
        return mapper.Map<NetWorthDto>(computed) with { Id = null };
    }
}
