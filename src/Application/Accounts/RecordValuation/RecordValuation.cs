using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Accounts;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Accounts.RecordValuation;

/// <summary>
/// Records what a manual account was worth at the end of <paramref name="Date"/>. Recording the same day again replaces
/// its value (<see cref="RecordValuationResult.Created"/> false). The account's balance history is recomputed from that day.
/// </summary>
public sealed record RecordValuationCommand(Guid AccountId, DateOnly Date, decimal Value) : ICommand<RecordValuationResult>, ITransactional;

public sealed record RecordValuationResult(ValuationDto Valuation, bool Created);

internal sealed class RecordValuationCommandValidator : AbstractValidator<RecordValuationCommand>
{
    public RecordValuationCommandValidator()
    {
        RuleFor(c => c.Date).NotEmpty();
        RuleFor(c => c.Value).Money();
    }
}

public sealed class RecordValuationCommandHandler(IReadRepository<Account> accounts, IRepository<AccountValuation> valuations, IBalanceHistory history, IMapper mapper)
    : ICommandHandler<RecordValuationCommand, RecordValuationResult>
{
    public async ValueTask<RecordValuationResult> Handle(RecordValuationCommand command, CancellationToken cancellationToken)
    {
        var account = await accounts.GetOwnedAsync(command.AccountId, cancellationToken);
        var existing = await valuations.FirstOrDefaultAsync(new ValuationOnDaySpec(account.Id, command.Date), cancellationToken);
        var created = existing is null;
        if (existing is null)
        {
            existing = AccountValuation.Record(account, command.Date, command.Value);
            valuations.Add(existing);
        }
        else
        {
            existing.Revalue(command.Value);
            valuations.Update(existing);
        }
        history.AccountChanged(account.Id, command.Date);
        return new RecordValuationResult(mapper.Map<ValuationDto>(existing), created);
    }
}
