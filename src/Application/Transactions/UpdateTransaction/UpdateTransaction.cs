using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Transactions;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Transactions.UpdateTransaction;

/// <summary>The user's corrections to a transaction's description. Absent fields stay; an empty merchant or category clears it.</summary>
public sealed record UpdateTransactionCommand(Guid Id, string? Category, string? MerchantName, string? Name) : ICommand<TransactionDto>, IByIdRequest, ITransactional;

public sealed class UpdateTransactionCommandHandler(IRepository<Transaction> transactions, IMapper mapper)
    : ICommandHandler<UpdateTransactionCommand, TransactionDto>
{
    public async ValueTask<TransactionDto> Handle(UpdateTransactionCommand command, CancellationToken cancellationToken)
    {
        var transaction = await transactions.GetOwnedAsync(command.Id, cancellationToken);
        transaction.Edit(command.Name, command.MerchantName, command.Category);
        transactions.Update(transaction);
        return mapper.Map<TransactionDto>(transaction);
    }
}

internal sealed class UpdateTransactionCommandValidator : AbstractValidator<UpdateTransactionCommand>
{
    public UpdateTransactionCommandValidator()
    {
        RuleFor(c => c.Name!).Name().When(c => c.Name is not null);
        RuleFor(c => c.MerchantName).Text();
        RuleFor(c => c.Category).Text();
    }
}
