using FinInfra.Application.Analytics;
using FinInfra.Domain.Transactions;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence.ReadModels;

/// <summary>
/// One GROUP BY query over the transactions table, by day, currency, stored category key and direction. The owner
/// and soft-delete query filters apply, so only the current user's live accounts count. Sums are decimal on both
/// engines (numeric on PostgreSQL; EF Core's decimal-exact aggregate function on SQLite, where decimals are text).
/// Matching on the stored key (computed in C#) makes "CAFÉ" and "café" one category on every engine.
/// </summary>
internal sealed class TransactionTotals(AppDbContext db) : ITransactionTotals
{
    public async Task<IReadOnlyList<FlowTotal>> FlowsAsync(TransactionWindow window, CancellationToken cancellationToken)
    {
        var query = db.Transactions.AsNoTracking()
            .Where(t => t.Date >= window.From && t.Date <= window.To && t.Kind == TransactionKind.Standard && t.Amount != 0);
        if (!window.IncludePending) query = query.Where(t => !t.Pending);
        var rows = await query
            .GroupBy(t => new { t.Date, t.Currency, t.CategoryKey, MoneyIn = t.Amount > 0 })
            .Select(g => new { g.Key.Date, g.Key.Currency, g.Key.CategoryKey, g.Key.MoneyIn, Amount = g.Sum(t => t.Amount), Count = g.Count() })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new FlowTotal(r.Date, r.Currency.Value, r.CategoryKey, r.MoneyIn, r.Amount, r.Count))];
    }
}
