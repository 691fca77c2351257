using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Transactions.Common;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Transactions;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Transactions.PairTransactions;

/// <summary>
/// The user confirms that two of their transactions are one movement between their own accounts: money out of one,
/// the same amount in the same currency into another. Both become a transfer (a payment when the money arrives on a
/// card or loan), locked against syncs and the matcher. Any earlier pairing of either row is undone first.
/// </summary>
public sealed record PairTransactionsCommand(Guid Id, Guid CounterpartId) : ICommand<TransactionDto>, IByIdRequest, ITransactional;

public sealed class PairTransactionsCommandHandler(IRepository<Transaction> transactions, IReadRepository<Account> accounts, IMapper mapper)
    : ICommandHandler<PairTransactionsCommand, TransactionDto>
{
    public async ValueTask<TransactionDto> Handle(PairTransactionsCommand command, CancellationToken cancellationToken)
    {
        var row = await transactions.GetOwnedAsync(command.Id, cancellationToken);
        var counterpart = await transactions.GetOwnedAsync(command.CounterpartId, cancellationToken);
        foreach (var side in new[] { row, counterpart })
            if (side.CounterpartId is { } previous && previous != row.Id && previous != counterpart.Id
                && await transactions.GetByIdAsync(previous, cancellationToken) is { } old)
                old.Unpair();
        var (outflow, inflow) = row.Amount < 0 ? (row, counterpart) : (counterpart, row);
        var inflowAccount = await accounts.GetOwnedAsync(inflow.AccountId, cancellationToken);
        Transaction.Pair(outflow, inflow, TransferMatcher.KindOf(inflowAccount.Type), byUser: true);
        return mapper.Map<TransactionDto>(row);
    }
}

internal sealed class PairTransactionsCommandValidator : AbstractValidator<PairTransactionsCommand>
{
    public PairTransactionsCommandValidator() =>
        RuleFor(c => c.CounterpartId).NotEmpty().NotEqual(c => c.Id).WithMessage("A transaction cannot be paired with itself.");
}
