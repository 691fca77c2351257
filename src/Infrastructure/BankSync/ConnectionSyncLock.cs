using FinInfra.Application.BankSync;
using FinInfra.Domain.BankConnections;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Engines;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.BankSync;

/// <summary>
/// Server engines: a row lock on the connection (<c>SELECT … FOR UPDATE</c>; SQL Server <c>UPDLOCK</c>), held until the
/// transaction ends, so syncs of one connection queue up across every instance while syncs of different connections
/// run side by side. SQLite: the transaction itself is the lock — Microsoft.Data.Sqlite begins it with
/// <c>BEGIN IMMEDIATE</c>, which takes the database's single write lock before anything is read.
/// See docs/adr/0005-sync-serialisation.md.
/// </summary>
public sealed class ConnectionSyncLock(AppDbContext db, DatabaseEngine engine) : IConnectionSyncLock
{
    public async Task<BankConnection?> LockAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("The sync lock is only meaningful inside a transaction.");
        if (engine.LockConnectionRowSql(connectionId) is { } lockRow)
            await db.Database.ExecuteSqlAsync(lockRow, cancellationToken);

        // Read after the lock: what another sync committed while we waited must be seen, not a stale tracked copy.
        var tracked = db.ChangeTracker.Entries<BankConnection>().FirstOrDefault(e => e.Entity.Id == connectionId);
        if (tracked is not null) await tracked.ReloadAsync(cancellationToken);
        return await db.BankConnections.FirstOrDefaultAsync(c => c.Id == connectionId, cancellationToken);
    }
}
