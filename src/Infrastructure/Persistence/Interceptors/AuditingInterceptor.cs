using FinInfra.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FinInfra.Infrastructure.Persistence.Interceptors;

/// <summary>
/// Before every save: stamps created/updated instants from <see cref="TimeProvider"/>, turns deletes of
/// soft-deletable rows into <c>deleted_at</c> updates, bumps concurrency versions, and refuses to write a row
/// owned by someone other than the current user. Every stamp of one write uses the same instant, the one the
/// repository already stamped staged rows with (<see cref="AuditStamps"/>).
/// </summary>
public sealed class AuditingInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Apply(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Apply(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => EndWrite(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndWrite(eventData.Context);
        return Task.CompletedTask;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndWrite(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        EndWrite(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void EndWrite(DbContext? context) => (context as AppDbContext)?.EndWrite();

    private void Apply(DbContext? context)
    {
        if (context is not AppDbContext db) return;
        var now = db.WriteInstant(clock);
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.State == EntityState.Deleted && entry.Entity is ISoftDeletable softDeletable)
            {
                entry.State = EntityState.Modified;
                softDeletable.MarkDeleted(now);
            }

            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && entry.Entity is IOwnedByUser owned)
                EnsureOwner(db.Scope, owned);

            if (!db.RestoringRows) AuditStamps.Stamp(entry, now);
            if (entry.State == EntityState.Modified && entry.Entity is IVersioned versioned)
                entry.Property(nameof(IVersioned.Version)).CurrentValue = versioned.Version + 1;
        }
    }

    private static void EnsureOwner(DataScope scope, IOwnedByUser owned)
    {
        if (scope.IsSystem) return;
        if (scope.UserId is not { } userId || owned.UserId != userId)
            throw new InvalidOperationException("Refusing to write a row that does not belong to the current user.");
    }
}

/// <summary>
/// The created/updated instants of a row being written. The repository stamps a row when it is staged, so the answer a
/// handler builds from it before the commit shows what the commit stores; the interceptor stamps again at the save,
/// with the same instant (<see cref="AppDbContext.WriteInstant"/>).
/// </summary>
internal static class AuditStamps
{
    public static void Stage(AppDbContext db, EntityEntry entry, TimeProvider clock) => Stamp(entry, db.WriteInstant(clock));

    public static void Stamp(EntityEntry entry, DateTimeOffset now)
    {
        if (entry.Entity is not IAuditable) return;
        if (entry.State == EntityState.Added) Set(entry, nameof(IAuditable.CreatedAt), now);
        if (entry.State is EntityState.Added or EntityState.Modified) Set(entry, nameof(IAuditable.UpdatedAt), now);
    }

    private static void Set(EntityEntry entry, string property, object value) => entry.Property(property).CurrentValue = value;
}
