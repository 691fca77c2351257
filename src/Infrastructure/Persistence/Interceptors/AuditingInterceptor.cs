using FinInfra.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FinInfra.Infrastructure.Persistence.Interceptors;

/// <summary>
/// Before every save: stamps created/updated instants from <see cref="TimeProvider"/>, turns deletes of
/// soft-deletable rows into <c>deleted_at</c> updates, bumps concurrency versions, and refuses to write a row
/// owned by someone other than the current user.
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

    private void Apply(DbContext? context)
    {
        if (context is not AppDbContext db) return;
        var now = clock.GetUtcNow();
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.State == EntityState.Deleted && entry.Entity is ISoftDeletable softDeletable)
            {
                entry.State = EntityState.Modified;
                softDeletable.MarkDeleted(now);
            }

            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && entry.Entity is IOwnedByUser owned)
                EnsureOwner(db.Scope, owned);

            switch (entry.State)
            {
                case EntityState.Added when entry.Entity is IAuditable:
                    Set(entry, nameof(IAuditable.CreatedAt), now);
                    Set(entry, nameof(IAuditable.UpdatedAt), now);
                    break;
                case EntityState.Modified:
                    if (entry.Entity is IAuditable) Set(entry, nameof(IAuditable.UpdatedAt), now);
                    if (entry.Entity is IVersioned versioned) Set(entry, nameof(IVersioned.Version), versioned.Version + 1);
                    break;
            }
        }
    }

    private static void EnsureOwner(DataScope scope, IOwnedByUser owned)
    {
        if (scope.IsSystem) return;
        if (scope.UserId is not { } userId || owned.UserId != userId)
            throw new InvalidOperationException("Refusing to write a row that does not belong to the current user.");
    }

    private static void Set(EntityEntry entry, string property, object value) => entry.Property(property).CurrentValue = value;
}
