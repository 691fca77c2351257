using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence;

public static class DatabasePreparation
{
    /// <summary>SQLite: write-ahead logging, so readers never block the writer. Persistent in the file; harmless to repeat.</summary>
    public static async Task ConfigureSqliteJournalAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (db is not SqliteAppDbContext) return;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
