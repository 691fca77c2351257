using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Transactions.Common;
using FinInfra.Domain.Accounts;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.Transactions.ImportTransactionFile;

/// <summary>The formats a transaction file may come in.</summary>
public enum ImportFileFormat
{
    /// <summary><c>application/x-ndjson</c>: one JSON object per line, the fields of the batch import's rows.</summary>
    Ndjson,

    /// <summary><c>text/csv</c>: a header row naming the columns (transactionId, amount, date, name, merchantName, category, pending, currency).</summary>
    Csv,
}

/// <summary>Reads a transaction file as it arrives, one line at a time, never whole into memory.</summary>
public interface ITransactionFileReader
{
    IAsyncEnumerable<ImportLine> ReadAsync(Stream content, ImportFileFormat format, CancellationToken cancellationToken);
}

/// <summary>The limits of one file import, stated once (the API's body limit and the docs use them).</summary>
public static class TransactionFileLimits
{
    /// <summary>Rows per file.</summary>
    public const int MaxRows = 250_000;

    /// <summary>Bytes per file: room for <see cref="MaxRows"/> rows of about 400 bytes.</summary>
    public const long MaxBytes = 100L * 1024 * 1024;
}

/// <summary>What a file import did; <see cref="Rejected"/> lists at most <see cref="TransactionBulkImporter.MaxRejectedListed"/> lines.</summary>
public sealed record ImportFileResultDto(int Inserted, int Updated, int Unchanged, int RejectedCount, IReadOnlyList<RejectedRow> Rejected);

/// <summary>
/// Imports a whole file into one account through the bulk path (<see cref="TransactionBulkImporter"/>), idempotent by
/// transaction id. All or nothing, unless <see cref="SkipInvalid"/>: then bad lines are left out and listed.
/// Deliberately not <see cref="ITransactional"/>: the file is read and staged while it arrives, outside any transaction
/// (SQLite's single write lock is not held while a client uploads); the merge then runs in one short transaction.
/// </summary>
public sealed record ImportTransactionFileCommand(Guid AccountId, Stream Content, ImportFileFormat Format, bool SkipInvalid = false)
    : ICommand<ImportFileResultDto>;

public sealed class ImportTransactionFileCommandHandler(IReadRepository<Account> accounts, ITransactionFileReader reader, TransactionBulkImporter importer)
    : ICommandHandler<ImportTransactionFileCommand, ImportFileResultDto>
{
    public async ValueTask<ImportFileResultDto> Handle(ImportTransactionFileCommand command, CancellationToken cancellationToken)
    {
        var account = await accounts.GetOwnedAsync(command.AccountId, cancellationToken);
        var result = await importer.ImportAsync(account, reader.ReadAsync(command.Content, command.Format, cancellationToken), command.SkipInvalid,
            TransactionFileLimits.MaxRows, cancellationToken);
        return new ImportFileResultDto(result.Inserted, result.Updated, result.Unchanged, result.RejectedCount, result.Rejected);
    }
}

internal sealed class ImportTransactionFileCommandValidator : AbstractValidator<ImportTransactionFileCommand>
{
    public ImportTransactionFileCommandValidator()
    {
        RuleFor(c => c.Content).NotNull();
        RuleFor(c => c.Format).IsInEnum();
    }
}
