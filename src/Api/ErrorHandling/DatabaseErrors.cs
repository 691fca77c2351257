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
}
