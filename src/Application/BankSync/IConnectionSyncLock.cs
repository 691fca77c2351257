using FinInfra.Domain.BankConnections;

namespace FinInfra.Application.BankSync;

/// <summary>
/// Serialises the writes of syncs of one connection, across service instances. Called inside the sync's database
/// transaction; the lock is held until that transaction ends.
/// </summary>
public interface IConnectionSyncLock
{
    /// <summary>Locks the connection's row and returns it freshly read and tracked, or null when it is not visible.</summary>
    Task<BankConnection?> LockAsync(Guid connectionId, CancellationToken cancellationToken);
}
