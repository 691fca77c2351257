using FinInfra.Application.Common.Abstractions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FinInfra.Infrastructure.Persistence;

/// <summary>The commit of one use case: the only place <see cref="DbContext.SaveChangesAsync(CancellationToken)"/> is called for a request.</summary>
public sealed partial class UnitOfWork(AppDbContext db, ILogger<UnitOfWork>? logger = null) : IUnitOfWork
{
    private readonly ILogger _logger = logger ?? NullLogger<UnitOfWork>.Instance;
    private readonly List<Func<CancellationToken, Task>> _afterCommit = [];

    public async Task<T> ExecuteInTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is not null) return await work(cancellationToken);

        T result;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                result = await work(cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch
            {
                await RollBackAsync(transaction);
                db.ChangeTracker.Clear();
                _afterCommit.Clear();
                throw;
            }
        }
        await RunAfterCommitAsync();
        return result;
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
        T result;
        try
        {
            result = await work(cancellationToken);
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            db.ChangeTracker.Clear();
            _afterCommit.Clear();
            throw;
        }
        await RunAfterCommitAsync();
        return result;
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => db.SaveChangesAsync(cancellationToken);

    public void AfterCommit(Func<CancellationToken, Task> action) => _afterCommit.Add(action);

    /// <summary>The commit is done: the client's request has succeeded, so these run to the end whatever the request's token says.</summary>
    private async Task RunAfterCommitAsync()
    {
        var actions = _afterCommit.ToArray();
        _afterCommit.Clear();
        foreach (var action in actions)
        {
            try
            {
                await action(CancellationToken.None);
            }
            catch (Exception exception)
            {
                LogAfterCommitFailed(_logger, exception.GetType().Name);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Work after a commit failed with {ExceptionType}; the background sweep will finish it")]
    private static partial void LogAfterCommitFailed(ILogger logger, string exceptionType);
}
