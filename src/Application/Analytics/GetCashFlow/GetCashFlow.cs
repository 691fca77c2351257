using FinInfra.Application.Analytics.GetSpending;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.Analytics.GetCashFlow;

/// <summary>Income, spending and net per calendar month over [From, To]; every month of the range is listed, oldest first.</summary>
public sealed record GetCashFlowQuery(DateOnly? From = null, DateOnly? To = null, bool IncludePending = true) : IQuery<CashFlowDto>, IAnalyticsRange;

/// <summary><c>net = income − spending</c>, which is the plain sum of the month's amounts.</summary>
public sealed record CashFlowMonthDto(string Month, decimal Income, decimal Spending, decimal Net);

public sealed record CashFlowDto(DateOnly From, DateOnly To, IReadOnlyList<CashFlowMonthDto> Months);

internal sealed class GetCashFlowQueryValidator : AbstractValidator<GetCashFlowQuery>
{
    public GetCashFlowQueryValidator(TimeProvider clock) => AnalyticsRange.AddRules(this, clock);
}

public sealed class GetCashFlowQueryHandler(ITransactionTotals totals, TimeProvider clock) : IQueryHandler<GetCashFlowQuery, CashFlowDto>
{
    public async ValueTask<CashFlowDto> Handle(GetCashFlowQuery query, CancellationToken cancellationToken)
    {
        var (from, to) = AnalyticsRange.Resolve(query, clock);
        var byMonth = MonthlyCategories.Fold(await totals.ByMonthAndCategoryAsync(new TransactionWindow(from, to, query.IncludePending), cancellationToken))
            .GroupBy(c => c.Month)
            .ToDictionary(g => g.Key, g => (Income: g.Sum(c => Netting.Income(c.Net)), Spending: g.Sum(c => Netting.Spending(c.Net))));

        var months = new List<CashFlowMonthDto>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var (income, spending) = byMonth.GetValueOrDefault(MonthlyCategories.MonthKey(month.Year, month.Month));
            months.Add(new CashFlowMonthDto(MonthlyCategories.MonthKey(month.Year, month.Month), income, spending, income - spending));
            if (month.Year == DateOnly.MaxValue.Year && month.Month == 12) break;
        }
        return new CashFlowDto(from, to, months);
    }
}
