using FinInfra.Domain.Accounts;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;
using FinInfra.Infrastructure.Persistence.Configurations;
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
        if (eventData.Context is AppDbContext db) AccountDeletedFlag.KeepAsync(db, async: false, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Apply(eventData.Context);
        if (eventData.Context is AppDbContext db) await AccountDeletedFlag.KeepAsync(db, async: true, cancellationToken);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => EndWriteAsync(eventData.Context, committed: false, async: false, default).GetAwaiter().GetResult();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        EndWriteAsync(eventData.Context, committed: false, async: true, cancellationToken);

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndWriteAsync(eventData.Context, committed: true, async: false, default).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await EndWriteAsync(eventData.Context, committed: true, async: true, cancellationToken);
        return result;
    }

    private static async Task EndWriteAsync(DbContext? context, bool committed, bool async, CancellationToken cancellationToken)
    {
        if (context is not AppDbContext db) return;
        db.EndWrite();
        if (db.OwnSaveTransaction is not { } transaction) return;
        db.OwnSaveTransaction = null;
        await using var _ = transaction;
        if (committed)
        {
            if (async) await transaction.CommitAsync(cancellationToken); else transaction.Commit();
        }
        else
        {
            if (async) await transaction.RollbackAsync(CancellationToken.None); else transaction.Rollback();
        }
    }

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
/// Keeps <c>transactions.account_deleted</c> equal to "the row's account is soft-deleted", in the save that changes
/// either side: an account deleted or restored here flips its rows (one UPDATE, inside the save's transaction, which
/// every such command has: it is <c>ITransactional</c>), and a row added to an account that is deleted (a sync of a
/// deleted account's connection, an archive restore) starts hidden.
/// </summary>
internal static class AccountDeletedFlag
{
    public static async Task KeepAsync(AppDbContext db, bool async, CancellationToken cancellationToken)
    {
        var flips = db.ChangeTracker.Entries<Account>()
            .Where(e => e.State == EntityState.Modified && (e.OriginalValues.GetValue<DateTimeOffset?>(nameof(Account.DeletedAt)) is null) != (e.Entity.DeletedAt is null))
            .Select(e => (e.Entity.Id, Deleted: e.Entity.DeletedAt is not null))
            .ToList();
        // Every request that deletes an account is ITransactional; a bare save (a db command, a test) gets a
        // transaction of its own here, which the save then joins and AuditingInterceptor ends with it.
        if (flips.Count > 0 && db.Database.CurrentTransaction is null)
            db.OwnSaveTransaction = async ? await db.Database.BeginTransactionAsync(cancellationToken) : db.Database.BeginTransaction();
        foreach (var (accountId, deleted) in flips)
        {
            var rows = db.Transactions.IgnoreQueryFilters().Where(t => t.AccountId == accountId);
            if (async)
                await rows.ExecuteUpdateAsync(u => u.SetProperty(t => EF.Property<bool>(t, TransactionColumns.AccountDeleted), deleted), cancellationToken);
            else
                rows.ExecuteUpdate(u => u.SetProperty(t => EF.Property<bool>(t, TransactionColumns.AccountDeleted), deleted));
        }

        var added = db.ChangeTracker.Entries<Transaction>().Where(e => e.State == EntityState.Added).ToList();
        if (added.Count == 0) return;
        var tracked = db.ChangeTracker.Entries<Account>().ToDictionary(e => e.Entity.Id, e => e.Entity.DeletedAt is not null);
        var untracked = added.Select(e => e.Entity.AccountId).Where(id => !tracked.ContainsKey(id)).Distinct().ToList();
        var deletedAccounts = tracked.Where(t => t.Value).Select(t => t.Key).ToHashSet();
        if (untracked.Count > 0)
        {
            var query = db.Accounts.IgnoreQueryFilters().Where(a => untracked.Contains(a.Id) && a.DeletedAt != null).Select(a => a.Id);
            deletedAccounts.UnionWith(async ? await query.ToListAsync(cancellationToken) : query.ToList());
        }
        foreach (var entry in added)
            entry.Property(TransactionColumns.AccountDeleted).CurrentValue = deletedAccounts.Contains(entry.Entity.AccountId);
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
