using Ardalis.Specification;
using FinInfra.Domain.Common;

namespace FinInfra.Application.Common.Persistence;

/// <summary>
/// One aggregate by id, as the current user sees it (the ownership filter always applies).
/// <paramref name="includeDeleted"/> also finds a soft-deleted row, for restoring it.
/// </summary>
public sealed class EntityByIdSpec<T> : Specification<T>, ISingleResultSpecification<T> where T : Entity
{
    public EntityByIdSpec(Guid id, bool includeDeleted = false)
    {
        Query.Where(e => e.Id == id);
        if (includeDeleted) Query.IgnoreQueryFilters();
    }
}

/// <summary>A page of the current user's aggregates in id order (version-7 ids: creation order), after a cursor.</summary>
public class EntitiesPageSpec<T> : Specification<T> where T : Entity
{
    public EntitiesPageSpec(Guid? after, int limit)
    {
        if (after is { } last) Query.Where(e => e.Id.CompareTo(last) > 0);
        Query.OrderBy(e => e.Id).Take(limit + 1);
    }
}
