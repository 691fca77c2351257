using FinInfra.Application.Analytics;
using FinInfra.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Queries;

/// <summary>
/// GROUP BY queries over the transactions table. The owner and soft-delete query filters apply, so only the current
/// user's live accounts count. Sums are decimal on both engines (numeric on PostgreSQL; EF Core's decimal-exact
/// aggregate function on SQLite, where decimals are stored as text).
/// </summary>
internal sealed class TransactionTotals(AppDbContext db) : ITransactionTotals
{
    public async Task<IReadOnlyList<CategoryTotal>> ByCategoryAsync(TransactionWindow window, CancellationToken cancellationToken) =>
        await InWindow(window)
            .GroupBy(t => t.Category)
            .Select(g => new CategoryTotal(g.Key, g.Sum(t => t.Amount), g.Count()))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<MonthCategoryTotal>> ByMonthAndCategoryAsync(TransactionWindow window, CancellationToken cancellationToken) =>
        await InWindow(window)
            .GroupBy(t => new { t.Date.Year, t.Date.Month, t.Category })
            .Select(g => new MonthCategoryTotal(g.Key.Year, g.Key.Month, g.Key.Category, g.Sum(t => t.Amount), g.Count()))
            .ToListAsync(cancellationToken);

    private IQueryable<Domain.Transactions.Transaction> InWindow(TransactionWindow window)
    {
        var query = db.Transactions.AsNoTracking().Where(t => t.Date >= window.From && t.Date <= window.To);
        return window.IncludePending ? query : query.Where(t => !t.Pending);
    }
}
