using FinInfra.Application.Common.Validation;
using FinInfra.Application.ExchangeRates;
using FinInfra.Domain.Transactions;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.Analytics.GetSpending;

public enum SpendingGrouping { Category, Month }

/// <summary>
/// Spending over [From, To] grouped by category or by month (<paramref name="GroupBy"/>: "category", the default, or
/// "month"), in one currency (the user's base currency unless <paramref name="Currency"/> names another); pending
/// transactions count unless excluded.
/// </summary>
public sealed record GetSpendingQuery(DateOnly? From = null, DateOnly? To = null, string? GroupBy = null, bool IncludePending = true, string? Currency = null)
    : IQuery<SpendingDto>, IAnalyticsRange
{
    public SpendingGrouping Grouping => string.Equals(GroupBy, "month", StringComparison.OrdinalIgnoreCase) ? SpendingGrouping.Month : SpendingGrouping.Category;
}

/// <summary>
/// <c>key</c> is the category key (NFKC, case-folded; "uncategorized" for none) or the month (yyyy-MM); <c>count</c>
/// the transactions behind the figure (purchases, and refunds within an expense category).
/// </summary>
public sealed record SpendingItemDto(string Key, decimal Spent, int Count);

/// <summary>
/// Every figure is in <c>currency</c>: amounts in other currencies are converted at their day's rate (the rates used are
/// listed in <c>exchangeRates</c>); those with no rate within the window are left out and listed in
/// <c>excludedCurrencies</c>. <c>byCurrency</c> keeps each currency's own spending over the range.
/// </summary>
public sealed record SpendingDto(DateOnly From, DateOnly To, string GroupBy, string Currency, IReadOnlyList<SpendingItemDto> Items, decimal Total,
    IReadOnlyList<ExcludedCurrencyDto> ExcludedCurrencies, IReadOnlyList<ExchangeRateUsedDto> ExchangeRates, IReadOnlyList<CurrencyBreakdownDto> ByCurrency);

internal sealed class GetSpendingQueryValidator : AbstractValidator<GetSpendingQuery>
{
    public GetSpendingQueryValidator(TimeProvider clock)
    {
        RuleFor(q => q.GroupBy)
            .Must(g => g is null || Enum.GetNames<SpendingGrouping>().Contains(g, StringComparer.OrdinalIgnoreCase))
            .WithMessage("groupBy must be 'category' or 'month'.");
        RuleFor(q => q.Currency).Currency();
        AnalyticsRange.AddRules(this, clock);
    }
}

public sealed class GetSpendingQueryHandler(AnswerFlows answerFlows, AnswerCurrency answerCurrency, TimeProvider clock) : IQueryHandler<GetSpendingQuery, SpendingDto>
{
    public async ValueTask<SpendingDto> Handle(GetSpendingQuery query, CancellationToken cancellationToken)
    {
        var (from, to) = AnalyticsRange.Resolve(query, clock);
        var currency = await answerCurrency.ResolveAsync(query.Currency, cancellationToken);
        var flows = await answerFlows.LoadAsync(currency, new TransactionWindow(from, to, query.IncludePending), cancellationToken);
        var items = query.Grouping == SpendingGrouping.Category ? ByCategory(flows) : ByMonth(flows);
        return new SpendingDto(from, to, query.Grouping.ToString().ToLowerInvariant(), currency.Value, items, items.Sum(i => i.Spent), flows.Excluded,
            flows.RatesUsed, flows.ByCurrency());
    }

    /// <summary>Largest spending first; ties by name so the order is stable.</summary>
    private static List<SpendingItemDto> ByCategory(CurrencyFlows flows) =>
        [.. flows.ByCategory()
            .Where(c => c.Value.Spending > 0)
            .Select(c => new SpendingItemDto(CategoryKey.Of(c.CategoryKey), c.Value.Spending, c.SpendingCount))
            .OrderByDescending(i => i.Spent).ThenBy(i => i.Key, StringComparer.Ordinal)];

    /// <summary>Oldest month first; a month's spending is the sum of its categories' spending, netted within the month.</summary>
    private static List<SpendingItemDto> ByMonth(CurrencyFlows flows) =>
        [.. flows.ByMonth()
            .Select(m => new SpendingItemDto(m.Key, m.Value.Sum(c => c.Value.Spending), m.Value.Sum(c => c.SpendingCount)))
            .Where(i => i.Spent > 0)
            .OrderBy(i => i.Key, StringComparer.Ordinal)];
}
