using FinInfra.Domain.NetWorth;

namespace FinInfra.Application.NetWorth;

/// <summary>Keeps at most one snapshot per user per day, also when two requests take the same day's at once.</summary>
public interface INetWorthSnapshotStore
{
    /// <summary>
    /// Stores <paramref name="fresh"/>, or copies its figures onto the snapshot already stored for that day.
    /// Returns the stored snapshot and whether it was created (false: replaced).
    /// </summary>
    Task<(NetWorthSnapshot Snapshot, bool Created)> SaveForDayAsync(NetWorthSnapshot fresh, CancellationToken cancellationToken);
}
