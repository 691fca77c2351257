using FinInfra.Application.Accounts;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;

namespace FinInfra.Application.Transactions.Common;

/// <summary>
/// One transaction as a source (a client's import, a provider's sync) reports it. <see cref="Currency"/> null means
/// the account's; <see cref="PendingTransactionId"/> names the pending row this posted one replaces, whose user edits
/// it inherits.
/// </summary>
public sealed record IncomingTransaction(
    string TransactionId,
    decimal Amount,
    DateOnly Date,
    string Name,
    string? MerchantName = null,
    string? Category = null,
    bool Pending = false,
    CurrencyCode? Currency = null,
    TransactionKind Kind = TransactionKind.Standard,
    string? PendingTransactionId = null);

/// <summary>A record a sync could not store: which kind of record and why (a rule name), never its contents.</summary>
public sealed record SkippedRecord(string Record, string Reason);

/// <summary>How many rows an upsert created, and how many existing rows it changed; the rows themselves, for the transfer matcher.</summary>
public sealed record UpsertResult(int Inserted, int Updated, IReadOnlyList<Transaction> Touched, IReadOnlyList<SkippedRecord> Skipped);

/// <summary>
/// Writes incoming transactions into an account, keyed by the source's transaction id: new ids are inserted,
/// known ones updated in place (a pending transaction that posts keeps its row). The one path that both the
/// import route and bank sync use, so both stay idempotent in the same way. It only stages: the caller's unit of work
/// commits it, all or nothing. Fields the user edited are never overwritten (see <see cref="Transaction.Apply"/>).
/// Every change that moves a balance (a posted row added; an amount, date, pending flag or currency changed) is reported
/// to <see cref="IBalanceHistory.AccountChanged"/>.
/// </summary>
public interface ITransactionUpserter
{
    /// <summary>
    /// <paramref name="skipInvalid"/>: a record that breaks a rule is skipped and reported instead of failing the
    /// whole batch (a sync: one bad record from a bank must not stop the rest). An import is all or nothing.
    /// </summary>
    Task<UpsertResult> UpsertAsync(Account account, IReadOnlyCollection<IncomingTransaction> incoming, TransactionSource source,
        CancellationToken cancellationToken, bool skipInvalid = false);
}

public sealed class TransactionUpserter(IRepository<Transaction> transactions, IBalanceHistory history) : ITransactionUpserter
{
    // Keeps each lookup's IN list well under every engine's parameter limit.
    private const int LookupChunk = 500;

    public async Task<UpsertResult> UpsertAsync(Account account, IReadOnlyCollection<IncomingTransaction> incoming, TransactionSource source,
        CancellationToken cancellationToken, bool skipInvalid = false)
    {
        var ids = incoming.Select(t => t.TransactionId.Trim())
            .Concat(incoming.Select(t => t.PendingTransactionId?.Trim()).OfType<string>())
            .Distinct(StringComparer.Ordinal).ToList();
        var known = new Dictionary<string, Transaction>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(LookupChunk))
            foreach (var row in await transactions.ListAsync(new TransactionsByProviderIdsSpec(account.Id, chunk), cancellationToken))
                known[row.TransactionId] = row;

        var added = new List<Transaction>();
        var addedIds = new HashSet<string>(StringComparer.Ordinal);
        var changed = new HashSet<Transaction>(ReferenceEqualityComparer.Instance);
        var skipped = new List<SkippedRecord>();
        foreach (var t in incoming)
        {
            var id = t.TransactionId.Trim();
            try
            {
                if (known.TryGetValue(id, out var existing))
                {
                    var before = (existing.Amount, existing.Date, existing.Pending, existing.Currency);
                    // A later copy of a row this batch inserts is still one insert, not an update.
                    if (existing.Apply(t.Amount, t.Date, t.Name, t.MerchantName, t.Category, t.Pending, t.Currency ?? account.Currency, t.Kind) && !addedIds.Contains(id))
                        changed.Add(existing);
                    if (before != (existing.Amount, existing.Date, existing.Pending, existing.Currency) && !(before.Pending && existing.Pending))
                        history.AccountChanged(account.Id, before.Date < existing.Date ? before.Date : existing.Date);
                    continue;
                }
                var created = Transaction.Record(account.UserId, account.Id, id, t.Amount, t.Date, t.Name, t.MerchantName, t.Category, t.Pending,
                    t.Currency ?? account.Currency, t.Kind, source);
                if (t.PendingTransactionId?.Trim() is { } pendingId && known.TryGetValue(pendingId, out var replaced)) created.InheritEdits(replaced);
                known[id] = created;
                added.Add(created);
                if (!created.Pending) history.AccountChanged(account.Id, created.Date);
                addedIds.Add(id);
            }
            catch (DomainRuleException rule) when (skipInvalid)
            {
                skipped.Add(new SkippedRecord("transaction", rule.Rule));
            }
        }

        if (added.Count > 0) transactions.AddRange(added);
        return new UpsertResult(added.Count, changed.Count, [.. added, .. changed], skipped);
    }
}
