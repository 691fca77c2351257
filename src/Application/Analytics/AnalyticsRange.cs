using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FluentValidation;

namespace FinInfra.Application.Analytics;

/// <summary>A date range asked of analytics; both ends inclusive, each optional.</summary>
public interface IAnalyticsRange
{
    DateOnly? From { get; }
    DateOnly? To { get; }
}

/// <summary>The analytics answers' range: <see cref="DateRange.TwelveCalendarMonths"/> by default, bounded by <see cref="DateRange.MaxDays"/>.</summary>
public static class AnalyticsRange
{
    public static DateRange Resolve(IAnalyticsRange range, TimeProvider clock) =>
        DateRange.TwelveCalendarMonths(range.From, range.To, clock.Today());

    public static void AddRules<T>(AbstractValidator<T> validator, TimeProvider clock) where T : IAnalyticsRange =>
        validator.RuleFor(q => q).ValidDateRange(q => Resolve(q, clock), bounded: true);
}
