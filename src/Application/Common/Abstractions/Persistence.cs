using Ardalis.Specification;
using FinInfra.Domain.Common;

namespace FinInfra.Application.Common.Abstractions;

/// <summary>
/// The repository of one aggregate root, for a use case that changes it: what it reads is tracked, and what it is
/// given is staged. Nothing is written until the use case commits (<see cref="IUnitOfWork"/>, called by the
/// pipeline's transaction step); a repository never saves.
/// </summary>
public interface IRepository<T> : IReadRepositoryBase<T> where T : Entity
{
    /// <summary>Stages a new aggregate (its created/updated instants are stamped now, so an answer built from it is what will be stored).</summary>
    void Add(T entity);

    void AddRange(IEnumerable<T> entities);

    /// <summary>Records that a tracked aggregate changed, stamping its updated instant now (see <see cref="Add"/>).</summary>
    void Update(T entity);

    /// <summary>Stages a delete; a soft-deletable aggregate gets its <c>deleted_at</c> instead.</summary>
    void Delete(T entity);

    void DeleteRange(IEnumerable<T> entities);
}

/// <summary>A read-only repository for one aggregate root: what it returns is not tracked, so changing it stores nothing.</summary>
public interface IReadRepository<T> : IReadRepositoryBase<T> where T : Entity;

/// <summary>
/// The one owner of the commit. The pipeline's transaction step runs every command through
/// <see cref="ExecuteInTransactionAsync{T}"/> (when it is <see cref="ITransactional"/>) or <see cref="ExecuteAsync{T}"/>;
/// handlers only stage.
/// </summary>
public interface IUnitOfWork
{
    /// <summary>
    /// Runs <paramref name="work"/> in one database transaction, then saves what it staged and commits; when it
    /// throws, rolls back and discards what it staged. Nested calls join the outer transaction.
    /// </summary>
    Task<T> ExecuteInTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="work"/> outside any transaction (no lock is held while it waits on anything), then saves
    /// what it staged in one atomic write; when it throws, discards what it staged. Inside an open transaction it
    /// joins that one.
    /// </summary>
    Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes what is staged so far, now, inside the open transaction if there is one. Only for the rare handler that
    /// needs the database's answer before it returns; say why in one line at the call.
    /// </summary>
    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="action"/> once this use case's changes are committed (never when they are not): for work
    /// outside the database that must not happen unless the rows are gone for good, such as removing files. A failure
    /// of the action is logged and does not undo the commit; whatever must eventually happen is also swept up by a
    /// background job.
    /// </summary>
    void AfterCommit(Func<CancellationToken, Task> action);
}
