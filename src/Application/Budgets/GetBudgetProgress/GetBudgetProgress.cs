using FinInfra.Application.Analytics;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Time;
using FinInfra.Domain.Budgets;
using Mediator;

namespace FinInfra.Application.Budgets.GetBudgetProgress;

/// <summary>
/// A budget's progress in the period that contains <paramref name="Date"/> (today when null): per category and in
/// total. Pending transactions count unless <paramref name="IncludePending"/> is false.
/// </summary>
public sealed record GetBudgetProgressQuery(Guid BudgetId, DateOnly? Date = null, bool IncludePending = true) : IQuery<BudgetProgressDto>;

public sealed record BudgetProgressDto(DateOnly PeriodStart, DateOnly PeriodEnd, IReadOnlyList<CategoryProgressDto> Categories, BudgetTotalsDto Totals);

public sealed record CategoryProgressDto(string Category, decimal Limit, decimal Spent, decimal Remaining, decimal PercentUsed, string Status);

public sealed record BudgetTotalsDto(decimal Limit, decimal Spent, decimal Remaining, decimal PercentUsed, string Status);

public sealed class GetBudgetProgressQueryHandler(IReadRepository<Budget> budgets, ITransactionTotals totals, TimeProvider clock)
    : IQueryHandler<GetBudgetProgressQuery, BudgetProgressDto>
{
    public async ValueTask<BudgetProgressDto> Handle(GetBudgetProgressQuery query, CancellationToken cancellationToken)
    {
        var budget = await budgets.GetOwnedAsync(query.BudgetId, cancellationToken);
        var day = query.Date ?? clock.Today();
        var period = budget.PeriodContaining(day) ?? throw new ConflictException(
            $"The budget has no period on {day:yyyy-MM-dd}: it runs from {budget.StartDate:yyyy-MM-dd}{(budget.EndDate is { } end ? $" to {end:yyyy-MM-dd}" : "")}.",
            "budget.date_outside");

        var sums = await totals.ByCategoryAsync(new TransactionWindow(period.Start, period.End, query.IncludePending), cancellationToken);
        var netByCategory = sums
            .GroupBy(s => CategoryKey.Of(s.Category))
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Amount));

        // Spent is money out: the negated sum, so a refund (a positive amount) gives headroom back.
        var categories = budget.Categories
            .OrderBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .Select(c => Progress(c.Key, c.Value, -netByCategory.GetValueOrDefault(CategoryKey.Of(c.Key))))
            .ToList();
        var limit = categories.Sum(c => c.Limit);
        var spent = categories.Sum(c => c.Spent);
        var total = new BudgetTotalsDto(limit, spent, limit - spent, SpendingStatus.PercentUsed(limit, spent), SpendingStatus.Of(limit, spent));
        return new BudgetProgressDto(period.Start, period.End, categories, total);
    }

    private static CategoryProgressDto Progress(string category, decimal limit, decimal spent) =>
        new(category, limit, spent, limit - spent, SpendingStatus.PercentUsed(limit, spent), SpendingStatus.Of(limit, spent));
}
