using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Transactions;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Transactions.SplitTransactionPair;

/// <summary>
/// The user says a matched pair is not one movement: both rows count again as standard, and their kind is locked, so
/// no matcher pairs them again (the user can still pair them, or set a kind, by hand).
/// </summary>
public sealed record SplitTransactionPairCommand(Guid Id) : ICommand<TransactionDto>, IByIdRequest, ITransactional;

public sealed class SplitTransactionPairCommandHandler(IRepository<Transaction> transactions, IMapper mapper)
    : ICommandHandler<SplitTransactionPairCommand, TransactionDto>
{
    public async ValueTask<TransactionDto> Handle(SplitTransactionPairCommand command, CancellationToken cancellationToken)
    {
        var row = await transactions.GetOwnedAsync(command.Id, cancellationToken);
        var counterpart = row.CounterpartId is { } id ? await transactions.GetByIdAsync(id, cancellationToken) : null;
        Transaction.Split(row, counterpart);
        return mapper.Map<TransactionDto>(row);
    }
}
