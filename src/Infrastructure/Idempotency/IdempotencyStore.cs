using FinInfra.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace FinInfra.Infrastructure.Idempotency;

/// <summary>How long a key is remembered (<c>Idempotency:KeyHours</c>, 24 by default).</summary>
public sealed record IdempotencySettings(TimeSpan KeyLifetime)
{
    public static IdempotencySettings FromConfiguration(IConfiguration configuration) =>
        new(TimeSpan.FromHours(configuration.GetSection("Idempotency").GetValue("KeyHours", 24)));
}

/// <summary>What a request carrying a key should do.</summary>
public abstract record IdempotencyClaim
{
    /// <summary>This request holds the key: run the work, then <see cref="IdempotencyStore.CompleteAsync"/> or <see cref="IdempotencyStore.ReleaseAsync"/>.</summary>
    public sealed record Acquired(Guid RecordId) : IdempotencyClaim;

    /// <summary>The first request with this key finished: answer what it answered.</summary>
    public sealed record Replay(int Status, string? ContentType, string? Location, byte[] Body) : IdempotencyClaim;

    /// <summary>The key was used with a different request.</summary>
    public sealed record Mismatch : IdempotencyClaim;

    /// <summary>The first request with this key is still running.</summary>
    public sealed record InProgress : IdempotencyClaim;
}

/// <summary>
/// Idempotency keys in the database, so they hold across instances. The unique (user_id, key) index decides which
/// of two simultaneous requests runs the work: the insert of one succeeds, the other sees the row. Every statement
/// here commits on its own, outside the work's transaction, so the claim is visible to others while the work runs.
/// </summary>
public sealed class IdempotencyStore(AppDbContext db, IdempotencySettings settings, TimeProvider clock)
{
    private IQueryable<IdempotencyRecord> Records(Guid userId) =>
        db.Set<IdempotencyRecord>().IgnoreQueryFilters([QueryFilters.Owner]).Where(r => r.UserId == userId);

    public async Task<IdempotencyClaim> ClaimAsync(Guid userId, string key, string fingerprint, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // A key past its expiry is forgotten: the next request with it starts afresh.
        await Records(userId).Where(r => r.Key == key && r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);

        var record = new IdempotencyRecord(userId, key, fingerprint, now, now + settings.KeyLifetime);
        DbUpdateException? refused = null;
        using (db.Scope.BeginUserScope(userId))
        {
            db.Add(record);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new IdempotencyClaim.Acquired(record.Id);
            }
            catch (DbUpdateException exception)
            {
                // Someone holds the key already (the unique index refused this row): read what they stored.
                refused = exception;
            }
            finally
            {
                db.Entry(record).State = EntityState.Detached;
            }
        }

        var existing = await Records(userId).AsNoTracking().SingleOrDefaultAsync(r => r.Key == key, cancellationToken);
        if (existing is null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(refused);
        return existing switch
        {
            { RequestFingerprint: var stored } when stored != fingerprint => new IdempotencyClaim.Mismatch(),
            { ResponseStatus: { } status } => new IdempotencyClaim.Replay(status, existing.ResponseContentType, existing.ResponseLocation, existing.ResponseBody ?? []),
            _ => new IdempotencyClaim.InProgress(),
        };
    }

    public async Task CompleteAsync(Guid recordId, int status, string? contentType, string? location, byte[] body, CancellationToken cancellationToken) =>
        await db.Set<IdempotencyRecord>().IgnoreQueryFilters([QueryFilters.Owner]).Where(r => r.Id == recordId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.ResponseStatus, status)
                .SetProperty(r => r.ResponseContentType, contentType)
                .SetProperty(r => r.ResponseLocation, location)
                .SetProperty(r => r.ResponseBody, body), cancellationToken);

    /// <summary>The work failed and stored nothing: the key is free again, so a retry runs it anew.</summary>
    public async Task ReleaseAsync(Guid recordId) =>
        await db.Set<IdempotencyRecord>().IgnoreQueryFilters([QueryFilters.Owner]).Where(r => r.Id == recordId)
            .ExecuteDeleteAsync(CancellationToken.None);
}
