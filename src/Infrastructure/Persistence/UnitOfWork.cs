using FinInfra.Application.Common.Abstractions;
using FinInfra.Infrastructure.Persistence.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FinInfra.Infrastructure.Persistence;

/// <summary>The commit of one use case: the only place <see cref="DbContext.SaveChangesAsync(CancellationToken)"/> is called for a request.</summary>
public sealed partial class UnitOfWork(AppDbContext db, ILogger<UnitOfWork>? logger = null, History.BalanceHistory? history = null) : IUnitOfWork
{
    private readonly ILogger _logger = logger ?? NullLogger<UnitOfWork>.Instance;
    private readonly List<Func<CancellationToken, Task>> _afterCommit = [];

    /// <summary>
    /// How many times one transaction runs when it keeps losing to concurrent ones (deadlock victim, serialization
    /// failure): enough for the overlapping imports a client retries at once, few enough that a hot spot fails fast.
    /// </summary>
    internal const int MaxAttempts = 4;

    public async Task<T> ExecuteInTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is not null) return await work(cancellationToken);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await RunOnceInTransactionAsync(work, cancellationToken);
                await RunAfterCommitAsync();
                return result;
            }
            catch (Exception conflict) when (attempt < MaxAttempts && DatabaseEngines.Classify(conflict) == DatabaseFailure.TransientConflict)
            {
                // Rolled back and forgotten (below): the work runs again from its first read, on what the winner stored.
                LogRetryingConflict(_logger, attempt, conflict.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * attempt), cancellationToken);
            }
        }
    }

    private async Task<T> RunOnceInTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var result = await work(cancellationToken);
            // The balance history of every account this work changed, in the same transaction (ADR 0015).
            if (history is not null) await history.ApplyAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch
        {
            await RollBackAsync(transaction);
            db.ChangeTracker.Clear();
            _afterCommit.Clear();
            history?.Discard();
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
        T result;
        try
        {
            result = await work(cancellationToken);
            if (history is { HasChanges: true })
            {
                // Recomputing history reads back what the work staged: that needs one transaction around both writes.
                return await ExecuteInTransactionAsync(_ => Task.FromResult(result), cancellationToken);
            }
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            db.ChangeTracker.Clear();
            _afterCommit.Clear();
            history?.Discard();
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

    [LoggerMessage(LogLevel.Information, "Transaction attempt {Attempt} lost to a concurrent one ({ExceptionType}); running it again")]
    private static partial void LogRetryingConflict(ILogger logger, int attempt, string exceptionType);

    [LoggerMessage(LogLevel.Warning, "Work after a commit failed with {ExceptionType}; the background sweep will finish it")]
    private static partial void LogAfterCommitFailed(ILogger logger, string exceptionType);
}
