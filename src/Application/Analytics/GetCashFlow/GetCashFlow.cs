using FinInfra.Application.Common.Validation;
using FinInfra.Application.ExchangeRates;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.Analytics.GetCashFlow;

/// <summary>
/// Income, spending and net per calendar month over [From, To], in one currency (the user's base currency unless
/// <paramref name="Currency"/> names another); every month of the range is listed, oldest first.
/// </summary>
public sealed record GetCashFlowQuery(DateOnly? From = null, DateOnly? To = null, bool IncludePending = true, string? Currency = null)
    : IQuery<CashFlowDto>, IAnalyticsRange;

/// <summary><c>net = income − spending</c>.</summary>
public sealed record CashFlowMonthDto(string Month, decimal Income, decimal Spending, decimal Net);

/// <summary>
/// Every figure is in <c>currency</c>: amounts in other currencies are converted at their day's rate (the rates used are
/// listed in <c>exchangeRates</c>); those with no rate within the window are left out and listed in
/// <c>excludedCurrencies</c>. <c>byCurrency</c> keeps each currency's own income and spending over the range.
/// </summary>
public sealed record CashFlowDto(DateOnly From, DateOnly To, string Currency, IReadOnlyList<CashFlowMonthDto> Months, IReadOnlyList<ExcludedCurrencyDto> ExcludedCurrencies,
    IReadOnlyList<ExchangeRateUsedDto> ExchangeRates, IReadOnlyList<CurrencyBreakdownDto> ByCurrency);

internal sealed class GetCashFlowQueryValidator : AbstractValidator<GetCashFlowQuery>
{
    public GetCashFlowQueryValidator(TimeProvider clock)
    {
        AnalyticsRange.AddRules(this, clock);
        RuleFor(q => q.Currency).Currency();
    }
}

public sealed class GetCashFlowQueryHandler(AnswerFlows answerFlows, AnswerCurrency answerCurrency, TimeProvider clock) : IQueryHandler<GetCashFlowQuery, CashFlowDto>
{
    public async ValueTask<CashFlowDto> Handle(GetCashFlowQuery query, CancellationToken cancellationToken)
    {
        var (from, to) = AnalyticsRange.Resolve(query, clock);
        var currency = await answerCurrency.ResolveAsync(query.Currency, cancellationToken);
        var flows = await answerFlows.LoadAsync(currency, new TransactionWindow(from, to, query.IncludePending), cancellationToken);
        var byMonth = flows.ByMonth();

        var months = new List<CashFlowMonthDto>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var key = CurrencyFlows.MonthKey(month.Year, month.Month);
            var categories = byMonth.GetValueOrDefault(key) ?? [];
            var income = categories.Sum(c => c.Value.Income);
            var spending = categories.Sum(c => c.Value.Spending);
            months.Add(new CashFlowMonthDto(key, income, spending, income - spending));
            if (month.Year == DateOnly.MaxValue.Year && month.Month == 12) break;
        }
        return new CashFlowDto(from, to, currency.Value, months, flows.Excluded, flows.RatesUsed, flows.ByCurrency());
    }
}
