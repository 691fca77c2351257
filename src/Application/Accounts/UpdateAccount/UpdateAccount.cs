using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Accounts;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Accounts.UpdateAccount;

/// <summary>
/// Renames an account and, for a manual one, sets its balance. Absent fields stay as they are. A balance set by hand is
/// what the account is worth today, so it is also today's valuation (the anchor its balance history is carried from).
/// </summary>
public sealed record UpdateAccountCommand(Guid Id, string? Name, decimal? Balance) : ICommand<AccountDto>, IByIdRequest, ITransactional;

public sealed class UpdateAccountCommandHandler(IRepository<Account> accounts, IRepository<AccountValuation> valuations, IBalanceHistory history,
    TimeProvider clock, IMapper mapper) : ICommandHandler<UpdateAccountCommand, AccountDto>
{
    public async ValueTask<AccountDto> Handle(UpdateAccountCommand command, CancellationToken cancellationToken)
    {
        var account = await accounts.GetOwnedAsync(command.Id, cancellationToken);
        if (command.Name is not null) account.Rename(command.Name);
        if (command.Balance is { } balance)
        {
            account.SetBalance(balance);
            var today = clock.Today();
            if (await valuations.FirstOrDefaultAsync(new ValuationOnDaySpec(account.Id, today), cancellationToken) is { } valuation)
            {
                valuation.Revalue(balance);
                valuations.Update(valuation);
            }
            else valuations.Add(AccountValuation.Record(account, today, balance));
            history.AccountChanged(account.Id, today);
        }
        accounts.Update(account);
        return mapper.Map<AccountDto>(account);
    }
}

internal sealed class UpdateAccountCommandValidator : AbstractValidator<UpdateAccountCommand>
{
    public UpdateAccountCommandValidator()
    {
        RuleFor(c => c.Name!).Name().When(c => c.Name is not null);
        RuleFor(c => c.Balance).Money();
    }
}
