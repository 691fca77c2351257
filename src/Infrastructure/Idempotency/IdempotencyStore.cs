using System.Data.Common;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Engines;
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
/// of two simultaneous requests runs the work: the insert of one stores its row, the other's is skipped (the engine's
/// <see cref="DatabaseEngine.SkipDuplicateInsertClause"/>, so the expected loss is no error in the log) and it reads the
/// winner's row. Every statement here commits on its own, outside the work's transaction, so the claim is visible to
/// others while the work runs.
/// </summary>
public sealed class IdempotencyStore(AppDbContext db, DatabaseEngine engine, IdempotencySettings settings, TimeProvider clock)
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
        if (engine.SkipDuplicateInsertClause is { } skipDuplicate)
            await InsertUnlessTakenAsync(record, skipDuplicate, cancellationToken);
        else if ((refused = await TrySaveAsync(record, cancellationToken)) is null)
            return new IdempotencyClaim.Acquired(record.Id);

        var existing = await Records(userId).AsNoTracking().SingleOrDefaultAsync(r => r.Key == key, cancellationToken);
        if (existing is null)
        {
            if (refused is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(refused);
            // The holder's work failed and freed the key between our skipped insert and this read: the caller claims again.
            return new IdempotencyClaim.InProgress();
        }
        return existing switch
        {
            { Id: var id } when id == record.Id => new IdempotencyClaim.Acquired(record.Id),
            { RequestFingerprint: var stored } when stored != fingerprint => new IdempotencyClaim.Mismatch(),
            { ResponseStatus: { } status } => new IdempotencyClaim.Replay(status, existing.ResponseContentType, existing.ResponseLocation, existing.ResponseBody ?? []),
            _ => new IdempotencyClaim.InProgress(),
        };
    }

    private static readonly string[] ClaimColumns =
    [
        nameof(IdempotencyRecord.Id), nameof(IdempotencyRecord.UserId), nameof(IdempotencyRecord.Key),
        nameof(IdempotencyRecord.RequestFingerprint), nameof(IdempotencyRecord.CreatedAt), nameof(IdempotencyRecord.ExpiresAt),
    ];

    /// <summary>One <c>INSERT … VALUES</c> of the claim's row that the engine skips when (user_id, key) is taken; values as the model stores them.</summary>
    private async Task InsertUnlessTakenAsync(IdempotencyRecord record, string skipDuplicate, CancellationToken cancellationToken)
    {
        var shape = TableShape.Of<IdempotencyRecord>(db, ClaimColumns);
        // In ClaimColumns' order.
        object[] values = [record.Id, record.UserId, record.Key, record.RequestFingerprint, record.CreatedAt, record.ExpiresAt];
        await using var factory = db.Database.GetDbConnection().CreateCommand();
        var parameters = new DbParameter[values.Length];
        for (var i = 0; i < values.Length; i++)
            parameters[i] = shape.Mappings[i].CreateParameter(factory, $"@p{i}", values[i], nullable: false);
        // Only the model's names and the engine's clause are in the text; every value is a parameter.
        var insert = $"INSERT INTO {shape.Table} ({string.Join(", ", shape.Columns)}) "
                     + $"VALUES ({string.Join(", ", parameters.Select(p => p.ParameterName))}) {skipDuplicate}";
        await db.Database.ExecuteSqlRawAsync(insert, parameters, cancellationToken);
    }

    /// <summary>The claim through the change tracker, where the engine cannot skip a duplicate: the unique index's refusal is the loss.</summary>
    private async Task<DbUpdateException?> TrySaveAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        using (db.Scope.BeginUserScope(record.UserId))
        {
            db.Add(record);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return null;
            }
            catch (DbUpdateException exception)
            {
                // Someone holds the key already (the unique index refused this row): the caller reads what they stored.
                return exception;
            }
            finally
            {
                db.Entry(record).State = EntityState.Detached;
            }
        }
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
