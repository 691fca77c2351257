using Ardalis.Specification;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence.Repositories;

/// <summary>
/// Evaluates an Ardalis specification against EF Core: criteria, includes, ordering, paging, selection, and the
/// tracking flags. <c>IgnoreQueryFilters</c> lifts only the soft-delete filter; ownership is never lifted
/// by a specification.
/// </summary>
public static class SpecificationQuery
{
    /// <summary><c>Include(source, navigation)</c>, looked up once rather than on every query that includes.</summary>
    private static readonly System.Reflection.MethodInfo IncludeDefinition = typeof(EntityFrameworkQueryableExtensions).GetMethods()
        .Single(m => m.Name == nameof(EntityFrameworkQueryableExtensions.Include) && m.GetParameters()[1].ParameterType != typeof(string));

    public static IQueryable<T> Apply<T>(IQueryable<T> source, ISpecification<T> specification, bool evaluateCriteriaOnly = false) where T : class
    {
        if (specification.SearchCriterias.Any())
            throw new NotSupportedException("Search criteria are not supported; express them as Where criteria.");

        var query = WhereEvaluator.Instance.GetQuery(source, specification);
        if (specification.IgnoreQueryFilters) query = query.IgnoreQueryFilters([QueryFilters.SoftDelete]);
        if (evaluateCriteriaOnly) return query;

        foreach (var include in specification.IncludeStrings) query = query.Include(include);
        foreach (var include in specification.IncludeExpressions)
        {
            if (include.Type != IncludeTypeEnum.Include)
                throw new NotSupportedException("ThenInclude is not supported by this evaluator.");
            query = IncludeOne(query, include);
        }

        query = OrderEvaluator.Instance.GetQuery(query, specification);
        query = PaginationEvaluator.Instance.GetQuery(query, specification);

        if (specification.AsNoTracking) query = query.AsNoTracking();
        else if (specification.AsNoTrackingWithIdentityResolution) query = query.AsNoTrackingWithIdentityResolution();
        else if (specification.AsTracking) query = query.AsTracking();
        if (specification.AsSplitQuery) query = query.AsSplitQuery();
        if (specification.IgnoreAutoIncludes) query = query.IgnoreAutoIncludes();
        foreach (var tag in specification.QueryTags) query = query.TagWith(tag);
        return query;
    }

    public static IQueryable<TResult> Apply<T, TResult>(IQueryable<T> source, ISpecification<T, TResult> specification) where T : class
    {
        var query = Apply(source, (ISpecification<T>)specification);
        if (specification.Selector is not null) return query.Select(specification.Selector);
        if (specification.SelectorMany is not null) return query.SelectMany(specification.SelectorMany);
        throw new InvalidOperationException($"{specification.GetType().Name} has no selector.");
    }

    private static IQueryable<T> IncludeOne<T>(IQueryable<T> query, IncludeExpressionInfo include) where T : class
    {
        var method = IncludeDefinition.MakeGenericMethod(typeof(T), include.LambdaExpression.ReturnType);
        return (IQueryable<T>)method.Invoke(null, [query, include.LambdaExpression])!;
    }
}
