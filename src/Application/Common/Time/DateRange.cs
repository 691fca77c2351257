namespace FinInfra.Application.Common.Time;

/// <summary>
/// The days a query covers, both ends inclusive: the one statement of the date-range rules. The ends are in order
/// (<see cref="EndBeforeStartMessage"/>); a range an answer is computed over spans at most <see cref="MaxDays"/>;
/// an end the client leaves out takes one of the two named defaults below. Every failure is keyed
/// <see cref="ErrorKey"/>, the end that is out of place (checked by <c>CommonRules.ValidDateRange</c>).
/// </summary>
public readonly record struct DateRange(DateOnly From, DateOnly To)
{
    /// <summary>Ten years and a little: bounds a month list, a daily snapshot list and a scan of transactions.</summary>
    public const int MaxDays = 3660;

    public const string ErrorKey = "to";

    public const string EndBeforeStartMessage = "'to' must be on or after 'from'.";

    public static readonly string TooLongMessage = $"The range can span at most {MaxDays} days.";

    public bool IsOrdered => From <= To;

    public int Days => To.DayNumber - From.DayNumber;

    /// <summary>The range when the client gave both ends, else null (a filter left open at one end has nothing to check).</summary>
    public static DateRange? IfBoth(DateOnly? from, DateOnly? to) => from is { } f && to is { } t ? new DateRange(f, t) : null;

    /// <summary>The analytics default: to = today, from = the first day of the month eleven months earlier (twelve calendar months).</summary>
    public static DateRange TwelveCalendarMonths(DateOnly? from, DateOnly? to, DateOnly today)
    {
        var end = to ?? today;
        var monthStart = new DateOnly(end.Year, end.Month, 1);
        return new DateRange(from ?? (monthStart.Year > 1 ? monthStart.AddMonths(-11) : DateOnly.MinValue), end);
    }

    /// <summary>The snapshot list's default: to = today, from = the same day a year earlier.</summary>
    public static DateRange PastYear(DateOnly? from, DateOnly? to, DateOnly today)
    {
        var end = to ?? today;
        return new DateRange(from ?? (end.Year > 1 ? end.AddYears(-1) : DateOnly.MinValue), end);
    }
}
