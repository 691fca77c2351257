using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Application.Analytics;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.NetWorth.TakeNetWorthSnapshot;

/// <summary>
/// Stores a day's net worth, in <paramref name="Currency"/> (the user's base currency when
/// null). Taking it again the same day in the same currency replaces that snapshot. <paramref name="Date"/>, when
/// given, may be any day up to today: a past day's snapshot is computed from the stored balance history (the end of that
/// day), today's from the live balances.
/// </summary>
public sealed record TakeNetWorthSnapshotCommand(DateOnly? Date = null, string? Currency = null) : ICommand<TakeNetWorthSnapshotResult>, ITransactional;

public sealed record TakeNetWorthSnapshotResult(NetWorthDto Snapshot, bool Created);

internal sealed class TakeNetWorthSnapshotCommandValidator : AbstractValidator<TakeNetWorthSnapshotCommand>
{
    public TakeNetWorthSnapshotCommandValidator(TimeProvider clock)
    {
        RuleFor(c => c.Date)
            .Must(date => date <= clock.Today())
            .When(c => c.Date is not null)
            .WithMessage(NetWorthRules.NotInFutureMessage);
        RuleFor(c => c.Currency).Currency();
    }
}

public sealed class TakeNetWorthSnapshotCommandHandler(NetWorthCalculator calculator, INetWorthSnapshotStore store, AnswerCurrency answerCurrency, TimeProvider clock, IMapper mapper)
    : ICommandHandler<TakeNetWorthSnapshotCommand, TakeNetWorthSnapshotResult>
{
    public async ValueTask<TakeNetWorthSnapshotResult> Handle(TakeNetWorthSnapshotCommand command, CancellationToken cancellationToken)
    {
        var date = command.Date ?? clock.Today();
        var currency = await answerCurrency.ResolveAsync(command.Currency, cancellationToken);
        var fresh = date < clock.Today()
            ? await calculator.ComputeOnAsync(date, currency, cancellationToken)
            : await calculator.ComputeAsync(date, currency, cancellationToken);
        var (snapshot, created) = await store.SaveForDayAsync(fresh, cancellationToken);
        return new TakeNetWorthSnapshotResult(mapper.Map<NetWorthDto>(snapshot), created);
    }
}
