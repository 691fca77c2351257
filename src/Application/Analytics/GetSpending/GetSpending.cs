using FluentValidation;
using Mediator;

namespace FinInfra.Application.Analytics.GetSpending;

public enum SpendingGrouping { Category, Month }

/// <summary>
/// Spending over [From, To] grouped by category or by month (<paramref name="GroupBy"/>: "category", the default, or
/// "month"); pending transactions count unless excluded.
/// </summary>
public sealed record GetSpendingQuery(DateOnly? From = null, DateOnly? To = null, string? GroupBy = null, bool IncludePending = true)
    : IQuery<SpendingDto>, IAnalyticsRange
{
    public SpendingGrouping Grouping => string.Equals(GroupBy, "month", StringComparison.OrdinalIgnoreCase) ? SpendingGrouping.Month : SpendingGrouping.Category;
}

/// <summary><c>key</c> is the category (lower-cased; "uncategorized" for none) or the month (yyyy-MM).</summary>
public sealed record SpendingItemDto(string Key, decimal Spent, int Count);

public sealed record SpendingDto(DateOnly From, DateOnly To, string GroupBy, IReadOnlyList<SpendingItemDto> Items, decimal Total);

internal sealed class GetSpendingQueryValidator : AbstractValidator<GetSpendingQuery>
{
    public GetSpendingQueryValidator(TimeProvider clock)
    {
        RuleFor(q => q.GroupBy)
            .Must(g => g is null || Enum.GetNames<SpendingGrouping>().Contains(g, StringComparer.OrdinalIgnoreCase))
            .WithMessage("groupBy must be 'category' or 'month'.");
        AnalyticsRange.AddRules(this, clock);
    }
}

public sealed class GetSpendingQueryHandler(ITransactionTotals totals, TimeProvider clock) : IQueryHandler<GetSpendingQuery, SpendingDto>
{
    public async ValueTask<SpendingDto> Handle(GetSpendingQuery query, CancellationToken cancellationToken)
    {
        var (from, to) = AnalyticsRange.Resolve(query, clock);
        var window = new TransactionWindow(from, to, query.IncludePending);
        var items = query.Grouping == SpendingGrouping.Category
            ? await ByCategoryAsync(window, cancellationToken)
            : await ByMonthAsync(window, cancellationToken);
        return new SpendingDto(from, to, query.Grouping.ToString().ToLowerInvariant(), items, items.Sum(i => i.Spent));
    }

    /// <summary>Largest spending first; ties by name so the order is stable.</summary>
    private async Task<List<SpendingItemDto>> ByCategoryAsync(TransactionWindow window, CancellationToken cancellationToken) =>
        [.. (await totals.ByCategoryAsync(window, cancellationToken))
            .GroupBy(t => CategoryKey.Of(t.Category))
            .Select(g => new SpendingItemDto(g.Key, Netting.Spending(g.Sum(t => t.Amount)), g.Sum(t => t.Count)))
            .Where(i => i.Spent > 0)
            .OrderByDescending(i => i.Spent).ThenBy(i => i.Key, StringComparer.Ordinal)];

    /// <summary>Oldest month first; a month's spending is the sum of its categories' spending, netted within the month.</summary>
    private async Task<List<SpendingItemDto>> ByMonthAsync(TransactionWindow window, CancellationToken cancellationToken) =>
        [.. MonthlyCategories.Fold(await totals.ByMonthAndCategoryAsync(window, cancellationToken))
            .Where(c => c.Net < 0)
            .GroupBy(c => c.Month)
            .Select(g => new SpendingItemDto(g.Key, g.Sum(c => Netting.Spending(c.Net)), g.Sum(c => c.Count)))
            .OrderBy(i => i.Key, StringComparer.Ordinal)];
}

/// <summary>One category's net amount in one month, after folding spellings case-insensitively.</summary>
public sealed record MonthlyCategory(string Month, string Category, decimal Net, int Count);

public static class MonthlyCategories
{
    public static string MonthKey(int year, int month) => $"{year:D4}-{month:D2}";

    public static IEnumerable<MonthlyCategory> Fold(IEnumerable<MonthCategoryTotal> totals) =>
        totals.GroupBy(t => (Month: MonthKey(t.Year, t.Month), Category: CategoryKey.Of(t.Category)))
            .Select(g => new MonthlyCategory(g.Key.Month, g.Key.Category, g.Sum(t => t.Amount), g.Sum(t => t.Count)));
}
