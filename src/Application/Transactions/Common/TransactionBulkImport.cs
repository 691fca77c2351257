using FinInfra.Application.Accounts;
using Ardalis.Specification;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Validation;
using FinInfra.Application.Transactions.ImportTransactions;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;
using FluentValidation;
using FluentValidation.Results;

namespace FinInfra.Application.Transactions.Common;

/// <summary>One line of an import: its number (1-based, the file's or the batch's), and the row or why it could not be read.</summary>
public sealed record ImportLine(long Line, ImportedTransaction? Row, string? Error = null);

/// <summary>A row an import left out: its line and why (a rule's message, never the row's contents).</summary>
public sealed record RejectedRow(long Line, string Reason);

/// <summary>What an import did: rows created, rows changed, rows already as the source says, and the rows left out.</summary>
public sealed record BulkImportResult(int Inserted, int Updated, int Unchanged, int RejectedCount, IReadOnlyList<RejectedRow> Rejected);

/// <summary>
/// What the engine's merge did. <see cref="Touched"/>: the transaction ids inserted or changed, or null when the engine
/// cannot say which (then every staged row is a candidate for the transfer matcher).
/// </summary>
public sealed record BulkMergeResult(int Inserted, int Updated, int Unchanged, IReadOnlySet<string>? Touched);

/// <summary>
/// The engine-specific half of a bulk import (Infrastructure: binary COPY on PostgreSQL, multi-row inserts elsewhere):
/// rows already checked and normalised by <see cref="Transaction.Record"/> are staged, then merged into one account's
/// transactions in a single statement that keeps every field the user edited (the locks of <see cref="Transaction.Apply"/>)
/// and leaves unchanged rows untouched. Staging may run outside a transaction (the connection stays open); the merge
/// runs inside the caller's.
/// </summary>
public interface ITransactionBulkWriter
{
    /// <summary>An empty staging area on this request's connection.</summary>
    Task BeginAsync(CancellationToken cancellationToken);

    Task StageAsync(IReadOnlyList<Transaction> rows, CancellationToken cancellationToken);

    /// <summary>Merges everything staged into <paramref name="account"/>, stamping <paramref name="now"/>, and empties the staging area.</summary>
    Task<BulkMergeResult> MergeAsync(Account account, TransactionSource source, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>The rules of one imported row, shared by the batch validator and the streaming import.</summary>
public static class ImportRowRules
{
    public static void Define(InlineValidator<ImportedTransaction> t)
    {
        ArgumentNullException.ThrowIfNull(t);
        t.RuleFor(x => x.TransactionId).Name(100);
        t.RuleFor(x => x.Amount).Money();
        t.RuleFor(x => x.Date).NotEmpty();
        t.RuleFor(x => x.Name).Name();
        t.RuleFor(x => x.MerchantName).Text();
        t.RuleFor(x => x.Category).Text();
        t.RuleFor(x => x.Currency).Currency();
    }

    private static readonly InlineValidator<ImportedTransaction> Validator = Create();

    private static InlineValidator<ImportedTransaction> Create()
    {
        var validator = new InlineValidator<ImportedTransaction>();
        Define(validator);
        return validator;
    }

    /// <summary>Null when the row is acceptable, otherwise its failures as one line ("amount: …; name: …").</summary>
    public static string? Check(ImportedTransaction row)
    {
        var result = Validator.Validate(row);
        return result.IsValid ? null : string.Join("; ", result.Errors.Select(e => $"{Camel(e.PropertyName)}: {e.ErrorMessage}"));
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>The currency and amount of a row elsewhere that may still be paired: what a new row must mirror to be a transfer.</summary>
public sealed record TransferMirror(CurrencyCode Currency, decimal Amount);

/// <summary>
/// The (currency, amount) of a user's rows in other accounts that may still be paired, with one of
/// <paramref name="amounts"/> (the mirrors of what the import holds, <see cref="TransferCandidatesSpec.Mirrors"/>) and
/// dated within [From, To]. Index probes by exact amount, as <see cref="TransferCandidatesSpec"/>: the cost follows the
/// import, not the user's history. Projected: it reads two columns, not the entities.
/// </summary>
public sealed class TransferMirrorsElsewhereSpec : Specification<Transaction, TransferMirror>
{
    public TransferMirrorsElsewhereSpec(Guid userId, Guid accountId, IReadOnlyCollection<decimal> amounts, DateOnly from, DateOnly to) =>
        Query.Where(t => t.UserId == userId && amounts.Contains(t.Amount) && t.Date >= from && t.Date <= to
                         && t.AccountId != accountId && t.Kind == TransactionKind.Standard && t.CounterpartId == null)
            .Select(t => new TransferMirror(t.Currency, t.Amount));
}

/// <summary>
/// The one import path for a client's rows (the batch route, the streaming route, <c>db import-transactions</c>): each
/// line is checked by <see cref="ImportRowRules"/> and normalised by <see cref="Transaction.Record"/> (the domain's
/// rules), duplicates of an earlier line are refused, and the rows are staged in chunks through
/// <see cref="ITransactionBulkWriter"/>; then, in one transaction, merged and matched for transfers
/// (<see cref="TransferMatcher"/>). All or nothing: a rejected line fails the import unless <c>skipInvalid</c>.
/// </summary>
public sealed class TransactionBulkImporter(
    ITransactionBulkWriter writer,
    IUnitOfWork unitOfWork,
    TransferMatcher matcher,
    IRepository<Transaction> transactions,
    IReadRepository<Transaction> readTransactions,
    IBalanceHistory history,
    TimeProvider clock)
{
    /// <summary>Rows sent to the engine at a time while the file is read.</summary>
    public const int StageChunk = 5000;

    /// <summary>At most this many rejected lines are listed (all are counted).</summary>
    public const int MaxRejectedListed = 1000;

    private const int LookupChunk = 500;

    private readonly record struct StagedKey(string TransactionId, decimal Amount, CurrencyCode Currency);

    public async Task<BulkImportResult> ImportAsync(Account account, IAsyncEnumerable<ImportLine> lines, bool skipInvalid, long maxRows,
        CancellationToken cancellationToken, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(lines);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keys = new List<StagedKey>();
        var rejected = new List<RejectedRow>();
        var rejectedCount = 0;
        var chunk = new List<Transaction>(StageChunk);
        DateOnly? first = null, last = null;
        long count = 0;

        await writer.BeginAsync(cancellationToken);
        // One chunk is staged (on the request's connection) while the next is read and checked; at most one staging
        // call runs at a time, and every one has finished before the merge or when the import fails.
        Task staging = Task.CompletedTask;
        try
        {
            await foreach (var line in lines.WithCancellation(cancellationToken))
            {
                if (++count > maxRows)
                    throw new ValidationException([new ValidationFailure("body", $"At most {maxRows} rows per import.")]);
                var reason = line.Error ?? (line.Row is null ? "The line holds no transaction." : ImportRowRules.Check(line.Row));
                Transaction? row = null;
                if (reason is null)
                {
                    var t = line.Row!;
                    try
                    {
                        row = Transaction.Record(account.UserId, account.Id, t.TransactionId.Trim(), t.Amount, t.Date, t.Name, t.MerchantName, t.Category,
                            t.Pending, t.Currency is null ? account.Currency : new CurrencyCode(t.Currency), TransactionKind.Standard, TransactionSource.Import);
                        if (!seen.Add(row.TransactionId)) reason = "transactionId: The same transactionId appears on an earlier line.";
                    }
                    catch (DomainRuleException rule)
                    {
                        reason = rule.Message;
                    }
                }
                if (reason is not null)
                {
                    if (rejected.Count < MaxRejectedListed) rejected.Add(new RejectedRow(line.Line, reason));
                    rejectedCount++;
                    continue;
                }

                chunk.Add(row!);
                keys.Add(new StagedKey(row!.TransactionId, row.Amount, row.Currency));
                if (first is null || row.Date < first) first = row.Date;
                if (last is null || row.Date > last) last = row.Date;
                if (chunk.Count == StageChunk)
                {
                    await staging;
                    var full = chunk;
                    staging = Task.Run(() => writer.StageAsync(full, cancellationToken), cancellationToken);
                    chunk = new List<Transaction>(StageChunk);
                    progress?.Report(count);
                }
            }
            await staging;
            if (chunk.Count > 0) await writer.StageAsync(chunk, cancellationToken);
            progress?.Report(count);
        }
        finally
        {
            // A failed read must not leave a staging call running on the connection the caller goes on to use.
            await staging.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (rejectedCount > 0 && !skipInvalid)
            throw new ValidationException(rejected.Select(r => new ValidationFailure($"line {r.Line}", r.Reason)));
        if (keys.Count == 0) return new BulkImportResult(0, 0, 0, rejectedCount, rejected);

        var merged = await unitOfWork.ExecuteInTransactionAsync(async token =>
        {
            var result = await writer.MergeAsync(account, TransactionSource.Import, clock.GetUtcNow(), token);
            // The merge writes around the change tracker and can move an updated row from any earlier day: the account's
            // history is recomputed (only rows that differ are written) before the commit.
            if (result.Inserted + result.Updated > 0) history.AccountChanged(account.Id, DateOnly.MinValue);
            await MatchTransfersAsync(account, result, keys, first!.Value, last!.Value, token);
            return result;
        }, cancellationToken);
        return new BulkImportResult(merged.Inserted, merged.Updated, merged.Unchanged, rejectedCount, rejected);
    }

    /// <summary>
    /// Pairs the new or changed rows with the user's rows in other accounts. Only rows whose amount and currency some
    /// candidate elsewhere mirrors are loaded, so an import into an account with nothing to pair loads nothing.
    /// </summary>
    private async Task MatchTransfersAsync(Account account, BulkMergeResult merged, List<StagedKey> keys, DateOnly first, DateOnly last,
        CancellationToken cancellationToken)
    {
        if (merged.Touched is { Count: 0 } || merged.Inserted + merged.Updated == 0) return;
        var changed = keys.Where(k => merged.Touched is null || merged.Touched.Contains(k.TransactionId)).ToList();
        var (from, to) = (Shift(first, -TransferMatcher.WindowDays), Shift(last, TransferMatcher.WindowDays));
        var mirrored = new HashSet<(CurrencyCode Currency, decimal Amount)>();
        foreach (var amounts in TransferCandidatesSpec.Mirrors(changed.Select(k => k.Amount)))
            foreach (var other in await readTransactions.ListAsync(new TransferMirrorsElsewhereSpec(account.UserId, account.Id, amounts, from, to), cancellationToken))
                mirrored.Add((other.Currency, -other.Amount));
        if (mirrored.Count == 0) return;
        var ids = changed.Where(k => mirrored.Contains((k.Currency, k.Amount))).Select(k => k.TransactionId).ToList();
        if (ids.Count == 0) return;
        var touched = new List<Transaction>();
        foreach (var part in ids.Chunk(LookupChunk))
            touched.AddRange(await transactions.ListAsync(new TransactionsByProviderIdsSpec(account.Id, part), cancellationToken));
        await matcher.MatchAsync(account.UserId, touched, cancellationToken);
    }

    private static DateOnly Shift(DateOnly day, int days) =>
        DateOnly.FromDayNumber(Math.Clamp(day.DayNumber + days, DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber));

    /// <summary>The lines of an in-memory batch, numbered from 1.</summary>
    public static async IAsyncEnumerable<ImportLine> Lines(IReadOnlyList<ImportedTransaction> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        for (var i = 0; i < rows.Count; i++) yield return new ImportLine(i + 1, rows[i]);
        await Task.CompletedTask;
    }
}
