using FinInfra.Infrastructure.Persistence.Engines;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Api.ErrorHandling;

/// <summary>Recognises, on every engine, the database errors that a client's request can legitimately cause, and outages.</summary>
public static class DatabaseErrors
{
    /// <summary>A duplicate or a missing related row.</summary>
    public static bool IsConstraintViolation(DbUpdateException exception) =>
        DatabaseEngines.Classify(exception) == DatabaseFailure.ConstraintViolation;

    /// <summary>A number too large for its column (a bulk update throws it unwrapped).</summary>
    public static bool IsOutOfRange(Exception exception) =>
        DatabaseEngines.Classify(exception) == DatabaseFailure.NumericOutOfRange;

    /// <summary>
    /// The database cannot be reached or went away mid-request, as each engine reports it (<see cref="DatabaseFailure.Unavailable"/>):
    /// 503 and retry, never 500. Looks through EF's wrappers (<see cref="DbUpdateException"/>, the transient-failure
    /// <see cref="InvalidOperationException"/>).
    /// </summary>
    public static bool IsUnavailable(Exception exception) =>
        DatabaseEngines.Classify(exception) == DatabaseFailure.Unavailable;

    /// <summary>
    /// A transaction that kept losing to concurrent ones after the transaction step's retries
    /// (<see cref="DatabaseFailure.TransientConflict"/>): nothing was stored, and the same request a moment later succeeds.
    /// </summary>
    public static bool IsTransientConflict(Exception exception) =>
        DatabaseEngines.Classify(exception) == DatabaseFailure.TransientConflict;
}
