namespace FinInfra.Application.Analytics;

/// <summary>Σ amount and the number of transactions for one category spelling (as stored) over a range.</summary>
public sealed record CategoryTotal(string? Category, decimal Amount, int Count);

/// <summary>Σ amount and the number of transactions for one category spelling in one calendar month.</summary>
public sealed record MonthCategoryTotal(int Year, int Month, string? Category, decimal Amount, int Count);

/// <summary>Which transactions an answer counts: a date range (both ends inclusive) and whether pending ones count.</summary>
public sealed record TransactionWindow(DateOnly From, DateOnly To, bool IncludePending);

/// <summary>
/// Grouped sums of the current user's transactions, computed by the database (never by loading every row).
/// Soft-deleted accounts and their transactions are left out by the persistence layer's query filters.
/// Groups are per category as stored; callers fold spellings case-insensitively (see <see cref="CategoryKey"/>).
/// </summary>
public interface ITransactionTotals
{
    Task<IReadOnlyList<CategoryTotal>> ByCategoryAsync(TransactionWindow window, CancellationToken cancellationToken);

    Task<IReadOnlyList<MonthCategoryTotal>> ByMonthAndCategoryAsync(TransactionWindow window, CancellationToken cancellationToken);
}

/// <summary>How answers name a category: case-insensitive, with one bucket for transactions that have none.</summary>
public static class CategoryKey
{
    public const string Uncategorized = "uncategorized";

    /// <summary>
    /// Folds in C# rather than with SQL lower(): SQLite's lower() folds only ASCII, so "CAFÉ" and "café" would
    /// stay apart there while PostgreSQL merges them.
    /// </summary>
    public static string Of(string? category) => category is null ? Uncategorized : category.ToLowerInvariant();
}
