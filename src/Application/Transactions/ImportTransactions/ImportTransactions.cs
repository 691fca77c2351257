using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Validation;
using FinInfra.Application.Transactions.Common;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Transactions;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.Transactions.ImportTransactions;

/// <summary>One transaction as a client imports it; <see cref="Currency"/> defaults to the account's.</summary>
public sealed record ImportedTransaction(
    string TransactionId,
    decimal Amount,
    DateOnly Date,
    string Name,
    string? MerchantName = null,
    string? Category = null,
    bool Pending = false,
    string? Currency = null);

/// <summary>How many rows the import created, and how many existing rows it changed.</summary>
public sealed record ImportResultDto(int Inserted, int Updated);

/// <summary>
/// Imports a batch (at most <see cref="ImportTransactionsCommandValidator.MaxBatch"/> rows) through the bulk path
/// (<see cref="TransactionBulkImporter"/>) into one account: idempotent by transaction id, and all or nothing. Imported rows are the user's
/// own (<see cref="TransactionSource.Import"/>): a bank sync never removes them. Transfers among them are matched.
/// </summary>
public sealed record ImportTransactionsCommand(Guid AccountId, IReadOnlyList<ImportedTransaction> Transactions) : ICommand<ImportResultDto>, ITransactional;

public sealed class ImportTransactionsCommandHandler(IReadRepository<Account> accounts, TransactionBulkImporter importer)
    : ICommandHandler<ImportTransactionsCommand, ImportResultDto>
{
    public async ValueTask<ImportResultDto> Handle(ImportTransactionsCommand command, CancellationToken cancellationToken)
    {
        var account = await accounts.GetOwnedAsync(command.AccountId, cancellationToken);
        var result = await importer.ImportAsync(account, TransactionBulkImporter.Lines(command.Transactions), skipInvalid: false,
            ImportTransactionsCommandValidator.MaxBatch, cancellationToken);
        return new ImportResultDto(result.Inserted, result.Updated);
    }
}

internal sealed class ImportTransactionsCommandValidator : AbstractValidator<ImportTransactionsCommand>
{
    public const int MaxBatch = 1000;

    public ImportTransactionsCommandValidator()
    {
        RuleFor(c => c.Transactions).NotEmpty()
            .Must(t => t.Count <= MaxBatch).WithMessage($"At most {MaxBatch} transactions per request.")
            .Must(t => t.Where(x => x is not null).Select(x => x.TransactionId?.Trim()).Distinct(StringComparer.Ordinal).Count() == t.Count(x => x is not null))
            .WithMessage("Each transactionId may appear only once in a batch.");
        // JSON can carry a null inside the array even though the type says it cannot.
        RuleForEach(c => c.Transactions).NotNull().ChildRules(ImportRowRules.Define);
    }
}
