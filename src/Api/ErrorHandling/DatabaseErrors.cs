using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FinInfra.Api.ErrorHandling;

/// <summary>Recognises, on both engines, the database errors that a client's request can legitimately cause.</summary>
public static class DatabaseErrors
{
    private const int SqliteConstraint = 19;

    public static bool IsConstraintViolation(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint,
        _ => false,
    };

    /// <summary>A number too large for its column (PostgreSQL; a bulk update throws it unwrapped).</summary>
    public static bool IsOutOfRange(Exception exception) =>
        (exception as PostgresException ?? exception.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.NumericValueOutOfRange };

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
