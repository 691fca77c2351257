using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Application.Analytics;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.NetWorth.TakeNetWorthSnapshot;

/// <summary>
/// Stores today's net worth from the current balances, in <paramref name="Currency"/> (the user's base currency when
/// null). Taking it again the same day in the same currency replaces that snapshot. <paramref name="Date"/>, when
/// given, must be today: a past day's balances are not kept, so a snapshot for it would record today's figures under
/// a past date.
/// </summary>
public sealed record TakeNetWorthSnapshotCommand(DateOnly? Date = null, string? Currency = null) : ICommand<TakeNetWorthSnapshotResult>, ITransactional;

public sealed record TakeNetWorthSnapshotResult(NetWorthDto Snapshot, bool Created);

internal sealed class TakeNetWorthSnapshotCommandValidator : AbstractValidator<TakeNetWorthSnapshotCommand>
{
    public TakeNetWorthSnapshotCommandValidator(TimeProvider clock)
    {
        RuleFor(c => c.Date)
            .Must(date => date == clock.Today())
            .When(c => c.Date is not null)
            .WithMessage("A snapshot records today's balances, so its date can only be today: balances of other days are not kept.");
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
        var fresh = await calculator.ComputeAsync(date, currency, cancellationToken);
        var (snapshot, created) = await store.SaveForDayAsync(fresh, cancellationToken);
        return new TakeNetWorthSnapshotResult(mapper.Map<NetWorthDto>(snapshot), created);
    }
}
