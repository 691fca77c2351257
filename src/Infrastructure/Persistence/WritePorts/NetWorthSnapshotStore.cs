using FinInfra.Application.NetWorth;
using FinInfra.Domain.NetWorth;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence.WritePorts;

/// <summary>
/// Insert-or-replace of a day's snapshot in one currency. The unique index (user_id, snapshot_date, currency) settles a race between two
/// requests: the loser's insert fails, is rolled back to a savepoint (PostgreSQL aborts the whole transaction
/// otherwise), and the loser replaces the winner's row instead. On SQLite transactions begin IMMEDIATE, so the
/// two requests are serialised and the race cannot happen there.
/// </summary>
internal sealed class NetWorthSnapshotStore(AppDbContext db) : INetWorthSnapshotStore
{
    private const string Savepoint = "net_worth_snapshot_insert";

    public async Task<(NetWorthSnapshot Snapshot, bool Created)> SaveForDayAsync(NetWorthSnapshot fresh, CancellationToken cancellationToken)
    {
        if (await ForDayAsync(fresh, cancellationToken) is { } existing)
            return (Replace(existing, fresh), false);

        var transaction = db.Database.CurrentTransaction;
        if (transaction is not null) await transaction.CreateSavepointAsync(Savepoint, cancellationToken);
        db.NetWorthSnapshots.Add(fresh);
        try
        {
            // Flushed here, not at the commit: whether this insert lost the race decides what to do next.
            await db.SaveChangesAsync(cancellationToken);
            return (fresh, true);
        }
        catch (DbUpdateException)
        {
            db.Entry(fresh).State = EntityState.Detached;
            if (transaction is not null) await transaction.RollbackToSavepointAsync(Savepoint, cancellationToken);
            var winner = await ForDayAsync(fresh, cancellationToken);
            if (winner is null) throw;
            return (Replace(winner, fresh), false);
        }
    }

    private Task<NetWorthSnapshot?> ForDayAsync(NetWorthSnapshot fresh, CancellationToken cancellationToken) =>
        db.NetWorthSnapshots.AsTracking().FirstOrDefaultAsync(s => s.SnapshotDate == fresh.SnapshotDate && s.Currency == fresh.Currency, cancellationToken);

    /// <summary>Copies the figures onto the stored row; the use case's commit writes them.</summary>
    private static NetWorthSnapshot Replace(NetWorthSnapshot existing, NetWorthSnapshot fresh)
    {
        existing.Replace(fresh.Currency, fresh.AssetsBreakdown, fresh.LiabilitiesBreakdown, fresh.ExcludedAccountIds, fresh.Conversion);
        return existing;
    }
}
