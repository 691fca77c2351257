using Ardalis.Specification;
using FinInfra.Domain.Common;

namespace FinInfra.Application.Common.Abstractions;

/// <summary>A repository for one aggregate root; queries are expressed as specifications.</summary>
public interface IRepository<T> : IRepositoryBase<T> where T : Entity;

/// <summary>A read-only repository for one aggregate root (queries do not track changes).</summary>
public interface IReadRepository<T> : IReadRepositoryBase<T> where T : Entity;

/// <summary>Commits the work of one use case.</summary>
public interface IUnitOfWork
{
    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="work"/> in one database transaction (committed when it returns, rolled back when it
    /// throws). Nested calls join the outer transaction.
    /// </summary>
    Task<T> ExecuteInTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default);
}
