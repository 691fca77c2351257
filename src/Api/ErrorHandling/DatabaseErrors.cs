using FinInfra.Infrastructure.Persistence.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FinInfra.Api.ErrorHandling;

/// <summary>Recognises, on every engine, the database errors that a client's request can legitimately cause.</summary>
public static class DatabaseErrors
{
    /// <summary>A duplicate or a missing related row.</summary>
    public static bool IsConstraintViolation(DbUpdateException exception) =>
        DatabaseEngines.Classify(exception) == DatabaseFailure.ConstraintViolation;

    /// <summary>A number too large for its column (a bulk update throws it unwrapped).</summary>
    public static bool IsOutOfRange(Exception exception) =>
        DatabaseEngines.Classify(exception) == DatabaseFailure.NumericOutOfRange;

    /// <summary>
    /// The database cannot be reached or went away mid-request (connection refused or broken, server shutting down,
    /// SQLite busy past its timeout): not the client's fault and not a bug, so 503 and retry, never 500. Looks
    /// through EF's wrappers (<see cref="DbUpdateException"/>, the transient-failure <see cref="InvalidOperationException"/>).
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P0", StringComparison.Ordinal):
                case NpgsqlException { IsTransient: true }:
                case NpgsqlException { InnerException: System.IO.IOException or System.Net.Sockets.SocketException }:
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                    return true;
            }
        }
        return false;
    }

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
}
