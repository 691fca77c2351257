using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Transactions;

namespace FinInfra.Application.Transactions.Common;

/// <summary>One transaction as a source (a client's import, a provider's sync) reports it.</summary>
public sealed record IncomingTransaction(
    string TransactionId,
    decimal Amount,
    DateOnly Date,
    string Name,
    string? MerchantName = null,
    string? Category = null,
    bool Pending = false);

/// <summary>How many rows an upsert created, and how many existing rows it changed.</summary>
public sealed record UpsertResult(int Inserted, int Updated);

/// <summary>
/// Writes incoming transactions into an account, keyed by the source's transaction id: new ids are inserted,
/// known ones updated in place (a pending transaction that posts keeps its row). The one path that both the
/// import route and bank sync use, so both stay idempotent in the same way. It only stages: the caller's unit of work
/// commits it, all or nothing.
/// </summary>
public interface ITransactionUpserter
{
    Task<UpsertResult> UpsertAsync(Account account, IReadOnlyCollection<IncomingTransaction> incoming, CancellationToken cancellationToken);
}

public sealed class TransactionUpserter(IRepository<Transaction> transactions) : ITransactionUpserter
{
    // Keeps each lookup's IN list well under every engine's parameter limit.
    private const int LookupChunk = 500;

    public async Task<UpsertResult> UpsertAsync(Account account, IReadOnlyCollection<IncomingTransaction> incoming, CancellationToken cancellationToken)
    {
        var ids = incoming.Select(t => t.TransactionId.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var known = new Dictionary<string, Transaction>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(LookupChunk))
            foreach (var row in await transactions.ListAsync(new TransactionsByProviderIdsSpec(account.Id, chunk), cancellationToken))
                known[row.TransactionId] = row;

        var added = new List<Transaction>();
        var addedIds = new HashSet<string>(StringComparer.Ordinal);
        var changed = new HashSet<Transaction>(ReferenceEqualityComparer.Instance);
        foreach (var t in incoming)
        {
            var id = t.TransactionId.Trim();
            if (known.TryGetValue(id, out var existing))
            {
                // A later copy of a row this batch inserts is still one insert, not an update.
                if (existing.Apply(t.Amount, t.Date, t.Name, t.MerchantName, t.Category, t.Pending) && !addedIds.Contains(id))
                    changed.Add(existing);
                continue;
            }
            var created = Transaction.Record(account.UserId, account.Id, id, t.Amount, t.Date, t.Name, t.MerchantName, t.Category, t.Pending);
            known[id] = created;
            added.Add(created);
            addedIds.Add(id);
        }

        if (added.Count > 0) transactions.AddRange(added);
        return new UpsertResult(added.Count, changed.Count);
    }
}
