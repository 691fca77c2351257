using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Common;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.NetWorth.TakeNetWorthSnapshot;

/// <summary>
/// Stores today's (or <paramref name="Date"/>'s) net worth from the current balances. Taking it again the same day
/// replaces that day's snapshot.
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
            .WithMessage("A snapshot cannot be dated in the future: it records the balances known now.");
        RuleFor(c => c.Currency).Currency();
    }
}

public sealed class TakeNetWorthSnapshotCommandHandler(NetWorthCalculator calculator, INetWorthSnapshotStore store, TimeProvider clock, IMapper mapper)
    : ICommandHandler<TakeNetWorthSnapshotCommand, TakeNetWorthSnapshotResult>
{
    public async ValueTask<TakeNetWorthSnapshotResult> Handle(TakeNetWorthSnapshotCommand command, CancellationToken cancellationToken)
    {
        var date = command.Date ?? clock.Today();
        var currency = CurrencyCode.OrUsd(command.Currency);
        var fresh = await calculator.ComputeAsync(date, currency, cancellationToken);
        var (snapshot, created) = await store.SaveForDayAsync(fresh, cancellationToken);
        return new TakeNetWorthSnapshotResult(mapper.Map<NetWorthDto>(snapshot), created);
    }
}
