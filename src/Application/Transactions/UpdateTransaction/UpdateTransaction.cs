using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Transactions;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Transactions.UpdateTransaction;

/// <summary>
/// The user's corrections to a transaction. Absent fields stay; an empty merchant, category or note clears it. Each
/// field given (name, merchant, category, kind) is locked against later syncs; <paramref name="Reset"/> names fields to
/// give back to the bank (they take the bank's latest value and follow it again). Resets apply before edits.
/// </summary>
public sealed record UpdateTransactionCommand(
    Guid Id,
    string? Category = null,
    string? MerchantName = null,
    string? Name = null,
    TransactionKind? Kind = null,
    string? Note = null,
    IReadOnlyList<EditableField>? Reset = null) : ICommand<TransactionDto>, IByIdRequest, ITransactional;

public sealed class UpdateTransactionCommandHandler(IRepository<Transaction> transactions, IMapper mapper)
    : ICommandHandler<UpdateTransactionCommand, TransactionDto>
{
    public async ValueTask<TransactionDto> Handle(UpdateTransactionCommand command, CancellationToken cancellationToken)
    {
        var transaction = await transactions.GetOwnedAsync(command.Id, cancellationToken);
        if (command.Reset is { Count: > 0 } reset)
        {
            var fields = reset.Aggregate(EditableField.None, (all, f) => all | f);
            if (fields.HasFlag(EditableField.Kind) && transaction.CounterpartId is { } counterpartId
                && await transactions.GetByIdAsync(counterpartId, cancellationToken) is { } counterpart)
                counterpart.Unpair();
            transaction.ResetToSource(fields);
        }
        transaction.Edit(command.Name, command.MerchantName, command.Category, command.Kind, command.Note);
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
        RuleFor(c => c.Note).Text(Transaction.NoteMaxLength);
        RuleFor(c => c.Kind).IsInEnum();
        RuleForEach(c => c.Reset).Must(f => f is EditableField.Name or EditableField.MerchantName or EditableField.Category or EditableField.Kind)
            .WithMessage("'reset' lists fields among name, merchantName, category and kind.");
    }
}
