namespace FinInfra.Application.Common.Paging;

/// <summary>One page of a list, newest or first items first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class PageLimits
{
    public const int Default = 50;
    public const int Max = 500;

    /// <summary>Turns the rows read (one more than the limit, to learn whether more follow) into a page.</summary>
    public static Page<TDto> ToPage<TRow, TDto>(IReadOnlyList<TRow> rows, int limit, Func<TRow, TDto> map, Func<TRow, string> cursorOf)
    {
        var items = rows.Take(limit).ToList();
        var next = rows.Count > limit ? cursorOf(items[^1]) : null;
        return new Page<TDto>(items.Select(map).ToList(), next);
    }

    /// <summary>The same for rows the query already read as the page's items (a projection): no copy, no mapping.</summary>
    public static Page<T> ToPage<T>(List<T> rows, int limit, Func<T, string> cursorOf)
    {
        if (rows.Count <= limit) return new Page<T>(rows, null);
        var next = cursorOf(rows[limit - 1]);
        rows.RemoveRange(limit, rows.Count - limit);
        return new Page<T>(rows, next);
    }
}
