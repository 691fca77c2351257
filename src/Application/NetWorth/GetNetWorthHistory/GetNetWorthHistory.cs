using FinInfra.Application.Analytics;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Application.ExchangeRates;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.NetWorth.GetNetWorthHistory;

/// <summary>How far apart the points of a net-worth series are.</summary>
public enum NetWorthInterval { Day, Week, Month }

/// <summary>
/// The net-worth series over [<paramref name="From"/>, <paramref name="To"/>] (default: the year up to today), read from
/// the stored balance history. A point is the closing of the last day of its period: every day (<c>day</c>), every Sunday
/// (<c>week</c>: ISO weeks, Monday to Sunday), every month's last day (<c>month</c>), and <c>to</c> itself when it is not
/// a period's last day, so the last point is always the range's end.
/// </summary>
public sealed record GetNetWorthHistoryQuery(DateOnly? From = null, DateOnly? To = null, NetWorthInterval Interval = NetWorthInterval.Day, string? Currency = null)
    : IQuery<NetWorthHistoryDto>
{
    public DateRange Range(TimeProvider clock) => DateRange.PastYear(From, To, clock.Today());

    /// <summary>The days the points fall on, oldest first.</summary>
    public static IReadOnlyList<DateOnly> PointDays(DateOnly from, DateOnly to, NetWorthInterval interval)
    {
        var days = new List<DateOnly>();
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            var last = interval switch
            {
                NetWorthInterval.Week => d.DayOfWeek == DayOfWeek.Sunday,
                NetWorthInterval.Month => d.AddDays(1).Day == 1,
                _ => true,
            };
            if (last || d == to) days.Add(d);
            if (d == DateOnly.MaxValue) break;
        }
        return days;
    }
}

/// <summary>
/// One point of the series: the closing of <see cref="Date"/>; <c>netWorth = totalAssets − totalLiabilities</c>, in the
/// series' currency; <see cref="ByCurrency"/> keeps each currency's own totals of that day.
/// </summary>
public sealed record NetWorthPointDto(DateOnly Date, decimal TotalAssets, decimal TotalLiabilities, decimal NetWorth, IReadOnlyList<NetWorthCurrencyDto> ByCurrency);

/// <summary>
/// The series in one currency. Balances in other currencies are converted at each day's rate (or the closest earlier
/// within the window) through the one conversion service; every rate used is in <see cref="ExchangeRates"/>. An account
/// with no rate on a day is left out of that day (never converted at rate 1) and listed in <see cref="ExcludedAccountIds"/>.
/// </summary>
public sealed record NetWorthHistoryDto(DateOnly From, DateOnly To, NetWorthInterval Interval, string Currency,
    IReadOnlyList<NetWorthPointDto> Points, IReadOnlyList<Guid> ExcludedAccountIds, IReadOnlyList<ExchangeRateUsedDto> ExchangeRates);

internal sealed class GetNetWorthHistoryQueryValidator : AbstractValidator<GetNetWorthHistoryQuery>
{
    public GetNetWorthHistoryQueryValidator(TimeProvider clock)
    {
        RuleFor(q => q).ValidDateRange(q => q.Range(clock), bounded: true);
        RuleFor(q => q.To).Must(d => d <= clock.Today()).When(q => q.To is not null).WithMessage(NetWorthRules.NotInFutureMessage);
        RuleFor(q => q.Interval).IsInEnum();
        RuleFor(q => q.Currency).Currency();
    }
}

public sealed class GetNetWorthHistoryQueryHandler(NetWorthCalculator calculator, AnswerCurrency answerCurrency, TimeProvider clock)
    : IQueryHandler<GetNetWorthHistoryQuery, NetWorthHistoryDto>
{
    public async ValueTask<NetWorthHistoryDto> Handle(GetNetWorthHistoryQuery query, CancellationToken cancellationToken)
    {
        var (from, to) = query.Range(clock);
        var currency = await answerCurrency.ResolveAsync(query.Currency, cancellationToken);
        var days = GetNetWorthHistoryQuery.PointDays(from, to, query.Interval);
        var series = await calculator.SeriesAsync(from, to, days, cancellationToken);
        var conversion = await calculator.PrepareAsync(currency, series, from, to, cancellationToken);
        var (points, excluded) = NetWorthCalculator.SumSeries(series, currency, conversion);
        return new NetWorthHistoryDto(from, to, query.Interval, currency.Value, points, excluded, conversion.RatesUsed);
    }
}
