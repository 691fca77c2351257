using FinInfra.Domain.Transactions;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence;

public static class DatabasePreparation
{
    /// <summary>
    /// SQLite keeps no statistics unless asked (there is no autovacuum); without them its planner reads lookups such as
    /// the transfer matching's through the date index, the whole of a user's window, instead of probing the amount
    /// index. <c>PRAGMA optimize</c> analyses the tables that have never been analysed or have grown or shrunk a lot
    /// since (0x10000: every table, not only those this connection queried), and otherwise does nothing; the limit makes
    /// each index's analysis read at most 1,000 rows (milliseconds), as SQLite recommends. Run at startup and after an
    /// import's merge (inside its transaction, so undone with it).
    /// </summary>
    public const string RefreshSqliteStatisticsSql = "PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;";

    /// <summary>
    /// SQLite: write-ahead logging, so readers never block the writer (persistent in the file; harmless to repeat), and
    /// statistics for tables that lack them (<see cref="RefreshSqliteStatisticsSql"/>).
    /// </summary>
    public static async Task ConfigureSqliteAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (db is not SqliteAppDbContext) return;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.ExecuteSqlRawAsync(RefreshSqliteStatisticsSql, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The migration that added <c>transactions.category_key</c>.</summary>
    public const string CategoryKeyMigration = "KindsCurrenciesEditsAndRevocations";

    /// <summary>
    /// Fills <c>category_key</c> where a row has a category but no key yet (rows that predate the column). The key is
    /// computed in C# (<see cref="CategoryKey.OfStored"/>), which no SQL on either engine reproduces exactly, so this runs
    /// after the migrations (on startup and in <c>db upgrade</c>) rather than inside one: one UPDATE per distinct
    /// spelling, and nothing at all once every row has its key. Does nothing below the migration that adds the column.
    /// </summary>
    public static async Task<int> BackfillCategoryKeysAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var applied = await db.Database.GetAppliedMigrationsAsync(cancellationToken);
        if (!applied.Any(id => id.EndsWith("_" + CategoryKeyMigration, StringComparison.Ordinal))) return 0;
        var rows = db.Transactions.IgnoreQueryFilters();
        var spellings = await rows.Where(t => t.Category != null && t.CategoryKey == null).Select(t => t.Category!).Distinct().ToListAsync(cancellationToken);
        var updated = 0;
        foreach (var spelling in spellings)
        {
            var key = CategoryKey.OfStored(spelling);
            updated += await rows.Where(t => t.Category == spelling && t.CategoryKey == null)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.CategoryKey, key), cancellationToken);
        }
        return updated;
    }
}
