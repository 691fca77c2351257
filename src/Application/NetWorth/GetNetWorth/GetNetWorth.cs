using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Application.Analytics;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.NetWorth.GetNetWorth;

/// <summary>
/// Net worth in <paramref name="Currency"/> (the user's base currency when null); nothing is stored. Without
/// <paramref name="Date"/>: computed now from the live accounts. With a date (today or earlier): the end of that day,
/// from the stored balance history (<see cref="NetWorthCalculator.ComputeOnAsync"/>).
/// </summary>
public sealed record GetNetWorthQuery(string? Currency = null, DateOnly? Date = null) : IQuery<NetWorthDto>;

internal sealed class GetNetWorthQueryValidator : AbstractValidator<GetNetWorthQuery>
{
    public GetNetWorthQueryValidator(TimeProvider clock)
    {
        RuleFor(q => q.Currency).Currency();
        RuleFor(q => q.Date).Must(d => d <= clock.Today()).When(q => q.Date is not null).WithMessage(NetWorthRules.NotInFutureMessage);
    }
}

public sealed class GetNetWorthQueryHandler(NetWorthCalculator calculator, AnswerCurrency answerCurrency, TimeProvider clock, IMapper mapper) : IQueryHandler<GetNetWorthQuery, NetWorthDto>
{
    public async ValueTask<NetWorthDto> Handle(GetNetWorthQuery query, CancellationToken cancellationToken)
    {
        var currency = await answerCurrency.ResolveAsync(query.Currency, cancellationToken);
        var computed = query.Date is { } date
            ? await calculator.ComputeOnAsync(date, currency, cancellationToken)
            : await calculator.ComputeAsync(clock.Today(), currency, cancellationToken);
        return mapper.Map<NetWorthDto>(computed) with { Id = null };
    }
}
