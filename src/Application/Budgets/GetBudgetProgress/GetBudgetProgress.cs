using FinInfra.Application.Analytics;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Application.ExchangeRates;
using FinInfra.Domain.Budgets;
using FinInfra.Domain.Transactions;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.Budgets.GetBudgetProgress;

/// <summary>
/// A budget's progress in the period that contains <paramref name="Date"/> (today when null): per category and in
/// total, in one currency (the user's base currency unless <paramref name="Currency"/> names another). Pending
/// transactions count unless <paramref name="IncludePending"/> is false.
/// </summary>
public sealed record GetBudgetProgressQuery(Guid BudgetId, DateOnly? Date = null, bool IncludePending = true, string? Currency = null) : IQuery<BudgetProgressDto>;

/// <summary>
/// Limits and spending are in <c>currency</c>: spending in other currencies is converted at its day's rate (the rates
/// used are listed in <c>exchangeRates</c>); spending with no rate within the window is left out and listed in
/// <c>excludedCurrencies</c>. <c>byCurrency</c> keeps each currency's own figures in the budget's categories.
/// </summary>
public sealed record BudgetProgressDto(DateOnly PeriodStart, DateOnly PeriodEnd, string Currency, IReadOnlyList<CategoryProgressDto> Categories, BudgetTotalsDto Totals,
    IReadOnlyList<ExcludedCurrencyDto> ExcludedCurrencies, IReadOnlyList<ExchangeRateUsedDto> ExchangeRates, IReadOnlyList<CurrencyBreakdownDto> ByCurrency);

public sealed record CategoryProgressDto(string Category, decimal Limit, decimal Spent, decimal Remaining, decimal PercentUsed, string Status);

public sealed record BudgetTotalsDto(decimal Limit, decimal Spent, decimal Remaining, decimal PercentUsed, string Status);

internal sealed class GetBudgetProgressQueryValidator : AbstractValidator<GetBudgetProgressQuery>
{
    public GetBudgetProgressQueryValidator() => RuleFor(q => q.Currency).Currency();
}

public sealed class GetBudgetProgressQueryHandler(IReadRepository<Budget> budgets, AnswerFlows answerFlows, AnswerCurrency answerCurrency, TimeProvider clock)
    : IQueryHandler<GetBudgetProgressQuery, BudgetProgressDto>
{
    public async ValueTask<BudgetProgressDto> Handle(GetBudgetProgressQuery query, CancellationToken cancellationToken)
    {
        var budget = await budgets.GetOwnedAsync(query.BudgetId, cancellationToken);
        var day = query.Date ?? clock.Today();
        var period = budget.PeriodContaining(day) ?? throw new ConflictException(
            $"The budget has no period on {day:yyyy-MM-dd}: it runs from {budget.StartDate:yyyy-MM-dd}{(budget.EndDate is { } end ? $" to {end:yyyy-MM-dd}" : "")}.",
            "budget.date_outside");

        var currency = await answerCurrency.ResolveAsync(query.Currency, cancellationToken);
        var flows = await answerFlows.LoadAsync(currency, new TransactionWindow(period.Start, period.End, query.IncludePending), cancellationToken);
        var spentByKey = flows.ByCategory().ToDictionary(c => CategoryKey.Of(c.CategoryKey), c => c.Value.Spending, StringComparer.Ordinal);

        // Spent follows the one definition of spending (MoneyFlow): a refund gives headroom back, down to zero spent.
        var categories = budget.Categories
            .OrderBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .Select(c => Progress(c.Key, c.Value, spentByKey.GetValueOrDefault(CategoryKey.Of(c.Key))))
            .ToList();
        var limit = categories.Sum(c => c.Limit);
        var spent = categories.Sum(c => c.Spent);
        var total = new BudgetTotalsDto(limit, spent, limit - spent, SpendingStatus.PercentUsed(limit, spent), SpendingStatus.Of(limit, spent));
        var budgeted = budget.Categories.Keys.Select(CategoryKey.Of).ToHashSet(StringComparer.Ordinal);
        return new BudgetProgressDto(period.Start, period.End, currency.Value, categories, total, flows.Excluded, flows.RatesUsed,
            flows.ByCurrency(key => budgeted.Contains(CategoryKey.Of(key))));
    }

    private static CategoryProgressDto Progress(string category, decimal limit, decimal spent) =>
        new(category, limit, spent, limit - spent, SpendingStatus.PercentUsed(limit, spent), SpendingStatus.Of(limit, spent));
}
