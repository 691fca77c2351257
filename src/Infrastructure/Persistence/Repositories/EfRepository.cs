using Ardalis.Specification;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Common;
using FinInfra.Infrastructure.Persistence.Interceptors;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence.Repositories;

/// <summary>Specification queries over one aggregate's set, tracked or not.</summary>
public abstract class EfQueries<T>(AppDbContext db, bool tracking) : IReadRepositoryBase<T> where T : Entity
{
    protected AppDbContext Db => db;

    private IQueryable<T> Set => tracking ? db.Set<T>() : db.Set<T>().AsNoTracking();

    private IQueryable<T> Query(ISpecification<T> specification, bool evaluateCriteriaOnly = false)
    {
        var query = SpecificationQuery.Apply(db.Set<T>(), specification, evaluateCriteriaOnly);
        return tracking ? query : query.AsNoTracking();
    }

    private IQueryable<TResult> Query<TResult>(ISpecification<T, TResult> specification) =>
        SpecificationQuery.Apply(tracking ? db.Set<T>() : db.Set<T>().AsNoTracking(), specification);

    public async Task<T?> GetByIdAsync<TId>(TId id, CancellationToken cancellationToken = default) where TId : notnull =>
        id is Guid guid ? await Set.FirstOrDefaultAsync(e => e.Id == guid, cancellationToken) : null;

    public Task<T?> FirstOrDefaultAsync(ISpecification<T> specification, CancellationToken cancellationToken = default) =>
        Query(specification).FirstOrDefaultAsync(cancellationToken);

    public Task<TResult?> FirstOrDefaultAsync<TResult>(ISpecification<T, TResult> specification, CancellationToken cancellationToken = default) =>
        Query(specification).FirstOrDefaultAsync(cancellationToken);

    public Task<T?> SingleOrDefaultAsync(ISingleResultSpecification<T> specification, CancellationToken cancellationToken = default) =>
        Query(specification).SingleOrDefaultAsync(cancellationToken);

    public Task<TResult?> SingleOrDefaultAsync<TResult>(ISingleResultSpecification<T, TResult> specification, CancellationToken cancellationToken = default) =>
        Query(specification).SingleOrDefaultAsync(cancellationToken);

    public async Task<List<T>> ListAsync(CancellationToken cancellationToken = default) =>
        await Set.ToListAsync(cancellationToken);

    public async Task<List<T>> ListAsync(ISpecification<T> specification, CancellationToken cancellationToken = default)
    {
        var list = await Query(specification).ToListAsync(cancellationToken);
        return specification.PostProcessingAction is { } post ? post(list).ToList() : list;
    }

    public async Task<List<TResult>> ListAsync<TResult>(ISpecification<T, TResult> specification, CancellationToken cancellationToken = default)
    {
        var list = CompiledQueries.TryRun<TResult>(db, specification) is { } compiled
            ? await compiled.ToListAsync(cancellationToken)
            : await Query(specification).ToListAsync(cancellationToken);
        return specification.PostProcessingAction is { } post ? post(list).ToList() : list;
    }

    public Task<int> CountAsync(ISpecification<T> specification, CancellationToken cancellationToken = default) =>
        Query(specification, evaluateCriteriaOnly: true).CountAsync(cancellationToken);

    public Task<int> CountAsync(CancellationToken cancellationToken = default) => db.Set<T>().CountAsync(cancellationToken);

    public Task<bool> AnyAsync(ISpecification<T> specification, CancellationToken cancellationToken = default) =>
        Query(specification, evaluateCriteriaOnly: true).AnyAsync(cancellationToken);

    public Task<bool> AnyAsync(CancellationToken cancellationToken = default) => db.Set<T>().AnyAsync(cancellationToken);

    public IAsyncEnumerable<T> AsAsyncEnumerable(ISpecification<T> specification) => Query(specification).AsAsyncEnumerable();
}

/// <summary>The repository of an aggregate root a use case changes: tracked reads, staged writes, never a save.</summary>
public sealed class EfRepository<T>(AppDbContext db, TimeProvider clock) : EfQueries<T>(db, tracking: true), IRepository<T> where T : Entity
{
    public void Add(T entity) => AuditStamps.Stage(Db, Db.Set<T>().Add(entity), clock);

    public void AddRange(IEnumerable<T> entities)
    {
        foreach (var entity in entities) Add(entity);
    }

    public void Update(T entity)
    {
        var entry = Db.Entry(entity);
        if (entry.State == EntityState.Detached) entry = Db.Set<T>().Update(entity);
        else entry.DetectChanges();
        AuditStamps.Stage(Db, entry, clock);
    }

    public void Delete(T entity) => Db.Set<T>().Remove(entity);

    public void DeleteRange(IEnumerable<T> entities) => Db.Set<T>().RemoveRange(entities);
}

/// <summary>The read-only repository: nothing it returns is tracked.</summary>
public sealed class EfReadRepository<T>(AppDbContext db) : EfQueries<T>(db, tracking: false), IReadRepository<T> where T : Entity;
