using Ardalis.Specification;
using FinInfra.Domain.Transactions;

namespace FinInfra.Application.Transactions;

/// <summary>
/// An account's transactions with these provider ids, tracked for updating. Soft-deleted accounts are not
/// hidden here: the lookup is by account, and a row that exists must be found, or re-importing would duplicate it.
/// </summary>
public sealed class TransactionsByProviderIdsSpec : Specification<Transaction>
{
    public TransactionsByProviderIdsSpec(Guid accountId, IReadOnlyCollection<string> transactionIds) =>
        Query.Where(t => t.AccountId == accountId && transactionIds.Contains(t.TransactionId)).IgnoreQueryFilters();
}

/// <summary>The filters of the transaction list.</summary>
public sealed record TransactionFilter(Guid? AccountId, DateOnly? From, DateOnly? To, string? Category, bool? Pending, string? Search);

/// <summary>
/// One page of the caller's transactions, newest first by (date desc, id desc), after a keyset position.
/// Category matches by its stored key (<see cref="CategoryKey"/>: NFKC, case-folded, so "café" finds "CAFÉ" on every
/// engine; "uncategorized" finds rows without one); search looks in the name and merchant, case-insensitively.
/// </summary>
public sealed class TransactionsByFilterSpec : Specification<Transaction, TransactionDto>
{
    public TransactionsByFilterSpec(TransactionFilter filter, (DateOnly Date, Guid Id)? after, int limit)
    {
        Filter = filter;
        After = after;
        Limit = limit;
        if (filter.AccountId is { } accountId) Query.Where(t => t.AccountId == accountId);
        if (filter.From is { } from) Query.Where(t => t.Date >= from);
        if (filter.To is { } to) Query.Where(t => t.Date <= to);
        if (filter.Pending is { } pending) Query.Where(t => t.Pending == pending);
        if (!string.IsNullOrWhiteSpace(filter.Category))
        {
            var key = CategoryKey.ForMatching(filter.Category);
            Query.Where(t => t.CategoryKey == key);
        }
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var search = filter.Search.Trim().ToLowerInvariant();
            Query.Where(t => t.Name.ToLower().Contains(search) || (t.MerchantName != null && t.MerchantName.ToLower().Contains(search)));
        }
        // (date, id) < (@date, @id), written so that every engine sees the bound `date <= @date` it can seek the
        // (user_id, date desc, id desc) index to: a deeper page starts where the last one ended instead of re-reading
        // every earlier row (the expanded `date < @d OR (date = @d AND id < @i)` is applied as a filter).
        if (after is var (date, id))
            Query.Where(t => t.Date <= date && (t.Date < date || t.Id.CompareTo(id) < 0));
        Query.OrderByDescending(t => t.Date).ThenByDescending(t => t.Id).Take(limit + 1);
        Query.Select(TransactionMappings.ToDto);
    }

    /// <summary>The page's projection (<c>TransactionMappings.ToDto</c>), for the repository's compiled form of this query.</summary>
    public static System.Linq.Expressions.Expression<Func<Transaction, TransactionDto>> Projection => TransactionMappings.ToDto;

    public TransactionFilter Filter { get; }

    public (DateOnly Date, Guid Id)? After { get; }

    public int Limit { get; }

    /// <summary>
    /// True when no filter is set: the page is only the keyset, the order and the limit, the shape the repository may run
    /// as a compiled query (the same SQL, without rebuilding and re-parameterising the expression tree per request).
    /// </summary>
    public bool IsUnfiltered => Filter is { AccountId: null, From: null, To: null, Pending: null }
                                && string.IsNullOrWhiteSpace(Filter.Category) && string.IsNullOrWhiteSpace(Filter.Search);
}
