using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FinInfra.Infrastructure.Persistence.Interceptors;

/// <summary>
/// On every SQLite connection: a busy timeout, so a writer waits for the lock instead of failing with
/// "database is locked", and foreign keys on (cascades). WAL mode is persistent and set once at startup.
/// </summary>
public sealed class SqlitePragmaInterceptor(int busyTimeoutMs) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMs}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
    }
}
