using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Accounts.CreateManualAccount;

/// <summary>Adds an account the user keeps by hand, under one of their manual connections; its balance is recorded as today's valuation.</summary>
public sealed record CreateManualAccountCommand(Guid ConnectionId, string? AccountId, string Name, AccountType Type, string? Subtype, decimal Balance, string? Currency)
    : ICommand<AccountDto>, ITransactional;

public sealed class CreateManualAccountCommandHandler(IReadRepository<BankConnection> connections, IRepository<Account> accounts,
    IRepository<AccountValuation> valuations, IBalanceHistory history, ICurrentUser currentUser, TimeProvider clock, IMapper mapper)
    : ICommandHandler<CreateManualAccountCommand, AccountDto>
{
    public async ValueTask<AccountDto> Handle(CreateManualAccountCommand command, CancellationToken cancellationToken)
    {
        var connection = await connections.GetOwnedAsync(command.ConnectionId, cancellationToken);
        if (!connection.IsManual)
            throw new DomainRuleException("account.manual_connection_only", "Accounts can only be added by hand to a manual connection; linked connections get theirs from the provider.");
        connection.EnsureConnected();

        var account = Account.OpenManual(currentUser.RequiredUserId, connection.Id, command.AccountId, command.Name, command.Type, command.Subtype,
            command.Balance, CurrencyCode.OrUsd(command.Currency));
        accounts.Add(account);
        // The opening balance is what the account is worth today: its first valuation, the anchor of its history.
        valuations.Add(AccountValuation.Record(account, clock.Today(), account.Balance));
        history.AccountChanged(account.Id, clock.Today());
        return mapper.Map<AccountDto>(account);
    }
}

internal sealed class CreateManualAccountCommandValidator : AbstractValidator<CreateManualAccountCommand>
{
    public CreateManualAccountCommandValidator()
    {
        RuleFor(c => c.AccountId).Text(100);
        RuleFor(c => c.Name).Name();
        RuleFor(c => c.Type).IsInEnum();
        RuleFor(c => c.Subtype).Text(50);
        RuleFor(c => c.Balance).Money();
        RuleFor(c => c.Currency).Currency();
    }
}
