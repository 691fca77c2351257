using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.BankConnections;
using FinInfra.Infrastructure.BackgroundWork;
using FinInfra.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.BankSync;

/// <summary>A connection the scheduler should sync, and whose behalf it acts on.</summary>
public sealed record DueConnection(Guid Id, Guid UserId);

/// <summary>
/// The scheduler's view of <c>bank_connections</c>, across all users (system scope). A claim is a
/// <see cref="Leases"/> claim of <c>sync_lease_until</c>, so each connection is synced by one instance per lease.
/// </summary>
public sealed class SyncClaims(AppDbContext db, IDataScope scope, TimeProvider clock)
{
    public async Task<IReadOnlyList<DueConnection>> FindDueAsync(TimeSpan maxAge, int limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var staleBefore = now - maxAge;
        using var _ = scope.BeginSystemScope();
        return await db.BankConnections.AsNoTracking()
            .Where(c => c.Provider != BankProvider.Manual && (c.Status == ConnectionStatus.Active || c.Status == ConnectionStatus.Error))
            .Where(c => c.LastSyncedAt == null || c.LastSyncedAt < staleBefore)
            .WhereLeaseFree(c => c.SyncLeaseUntil, now)
            .OrderBy(c => c.LastSyncedAt)
            .Take(limit)
            .Select(c => new DueConnection(c.Id, c.UserId))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// True when this caller won the connection until <c>now + lease</c>. The condition repeats "still stale", so a
    /// connection another instance synced (and released) a moment ago is not synced again.
    /// </summary>
    public async Task<bool> TryClaimAsync(Guid connectionId, TimeSpan maxAge, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var staleBefore = now - maxAge;
        var until = now + lease;
        using var _ = scope.BeginSystemScope();
        return await Leases.TryClaimAsync(
            db.BankConnections.Where(c => c.Id == connectionId).Where(c => c.LastSyncedAt == null || c.LastSyncedAt < staleBefore),
            c => c.SyncLeaseUntil, now, until, cancellationToken);
    }

    public async Task ReleaseAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        using var _ = scope.BeginSystemScope();
        await Leases.ReleaseAsync(db.BankConnections.Where(c => c.Id == connectionId), c => c.SyncLeaseUntil, cancellationToken);
    }
}
