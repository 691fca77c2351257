using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Common;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.NetWorth.TakeSnapshot;

/// <summary>
/// Stores today's (or <paramref name="Date"/>'s) net worth from the current balances. Taking it again the same day
/// replaces that day's snapshot.
/// </summary>
public sealed record TakeNetWorthSnapshot(DateOnly? Date = null, string? Currency = null) : ICommand<TakeNetWorthSnapshotResult>, ITransactional;

public sealed record TakeNetWorthSnapshotResult(NetWorthDto Snapshot, bool Created);

internal sealed class TakeNetWorthSnapshotValidator : AbstractValidator<TakeNetWorthSnapshot>
{
    public TakeNetWorthSnapshotValidator(TimeProvider clock)
    {
        RuleFor(c => c.Date)
            .Must(date => date <= clock.Today())
            .When(c => c.Date is not null)
            .WithMessage("A snapshot cannot be dated in the future: it records the balances known now.");
        RuleFor(c => c.Currency).Currency();
    }
}

public sealed class TakeNetWorthSnapshotHandler(NetWorthCalculator calculator, INetWorthSnapshotStore store, TimeProvider clock)
    : ICommandHandler<TakeNetWorthSnapshot, TakeNetWorthSnapshotResult>
{
    public async ValueTask<TakeNetWorthSnapshotResult> Handle(TakeNetWorthSnapshot command, CancellationToken cancellationToken)
    {
        var date = command.Date ?? clock.Today();
        var currency = CurrencyCode.OrUsd(command.Currency);
        var fresh = await calculator.ComputeAsync(date, currency, cancellationToken);
        var (snapshot, created) = await store.SaveForDayAsync(fresh, cancellationToken);
        return new TakeNetWorthSnapshotResult(NetWorthDto.From(snapshot), created);
    }
}
