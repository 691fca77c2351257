using Ardalis.Specification;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence.Repositories;

/// <summary>The repository for an aggregate root, over the scoped <see cref="AppDbContext"/>.</summary>
public sealed class EfRepository<T>(AppDbContext db) : IRepository<T>, IReadRepository<T> where T : Entity
{
    private IQueryable<T> Query(ISpecification<T> specification, bool evaluateCriteriaOnly = false) =>
        SpecificationQuery.Apply(db.Set<T>(), specification, evaluateCriteriaOnly);

    private IQueryable<TResult> Query<TResult>(ISpecification<T, TResult> specification) =>
        SpecificationQuery.Apply(db.Set<T>(), specification);

    public async Task<T> AddAsync(T entity, CancellationToken cancellationToken = default)
    {
        db.Set<T>().Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return entity;
    }

    public async Task<IEnumerable<T>> AddRangeAsync(IEnumerable<T> entities, CancellationToken cancellationToken = default)
    {
        var list = entities.ToList();
        db.Set<T>().AddRange(list);
        await db.SaveChangesAsync(cancellationToken);
        return list;
    }

    public async Task<int> UpdateAsync(T entity, CancellationToken cancellationToken = default)
    {
        if (db.Entry(entity).State == EntityState.Detached) db.Set<T>().Update(entity);
        return await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<int> UpdateRangeAsync(IEnumerable<T> entities, CancellationToken cancellationToken = default)
    {
        foreach (var entity in entities)
            if (db.Entry(entity).State == EntityState.Detached) db.Set<T>().Update(entity);
        return await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<int> DeleteAsync(T entity, CancellationToken cancellationToken = default)
    {
        db.Set<T>().Remove(entity);
        return await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<int> DeleteRangeAsync(IEnumerable<T> entities, CancellationToken cancellationToken = default)
    {
        db.Set<T>().RemoveRange(entities);
        return await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<int> DeleteRangeAsync(ISpecification<T> specification, CancellationToken cancellationToken = default)
    {
        db.Set<T>().RemoveRange(await Query(specification).ToListAsync(cancellationToken));
        return await db.SaveChangesAsync(cancellationToken);
    }

    public Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => db.SaveChangesAsync(cancellationToken);

    public async Task<T?> GetByIdAsync<TId>(TId id, CancellationToken cancellationToken = default) where TId : notnull =>
        id is Guid guid ? await db.Set<T>().FirstOrDefaultAsync(e => e.Id == guid, cancellationToken) : null;

    public Task<T?> FirstOrDefaultAsync(ISpecification<T> specification, CancellationToken cancellationToken = default) =>
        Query(specification).FirstOrDefaultAsync(cancellationToken);

    public Task<TResult?> FirstOrDefaultAsync<TResult>(ISpecification<T, TResult> specification, CancellationToken cancellationToken = default) =>
        Query(specification).FirstOrDefaultAsync(cancellationToken);

    public Task<T?> SingleOrDefaultAsync(ISingleResultSpecification<T> specification, CancellationToken cancellationToken = default) =>
        Query(specification).SingleOrDefaultAsync(cancellationToken);

    public Task<TResult?> SingleOrDefaultAsync<TResult>(ISingleResultSpecification<T, TResult> specification, CancellationToken cancellationToken = default) =>
        Query(specification).SingleOrDefaultAsync(cancellationToken);

    public async Task<List<T>> ListAsync(CancellationToken cancellationToken = default) =>
        await db.Set<T>().ToListAsync(cancellationToken);

    public async Task<List<T>> ListAsync(ISpecification<T> specification, CancellationToken cancellationToken = default)
    {
        var list = await Query(specification).ToListAsync(cancellationToken);
        return specification.PostProcessingAction is { } post ? post(list).ToList() : list;
    }

    public async Task<List<TResult>> ListAsync<TResult>(ISpecification<T, TResult> specification, CancellationToken cancellationToken = default)
    {
        var list = await Query(specification).ToListAsync(cancellationToken);
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
