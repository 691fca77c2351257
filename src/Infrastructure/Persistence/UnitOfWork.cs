using FinInfra.Application.Common.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence;

/// <summary>The commit of one use case: the only place <see cref="DbContext.SaveChangesAsync(CancellationToken)"/> is called for a request.</summary>
public sealed class UnitOfWork(AppDbContext db) : IUnitOfWork
{
    public async Task<T> ExecuteInTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is not null) return await work(cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var result = await work(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch
        {
            await RollBackAsync(transaction);
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>
    /// When the connection itself is what failed, the rollback fails too (the server has already discarded the
    /// transaction); that second failure must not hide the first, which says what happened.
    /// </summary>
    private static async Task RollBackAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception rollbackFailure) when (rollbackFailure is System.Data.Common.DbException or InvalidOperationException or ObjectDisposedException)
        {
            // Nothing to undo: a transaction on a lost connection never commits.
        }
    }

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is not null) return await work(cancellationToken);
        try
        {
            var result = await work(cancellationToken);
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(cancellationToken);
            return result;
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => db.SaveChangesAsync(cancellationToken);
}
