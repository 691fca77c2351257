using FinInfra.Infrastructure.Persistence.Engines;
using Microsoft.EntityFrameworkCore;

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
}
