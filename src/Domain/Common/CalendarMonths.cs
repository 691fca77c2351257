namespace FinInfra.Domain.Common;

/// <summary>Calendar-month arithmetic on days, stated once: budget periods and a goal's months left both use it.</summary>
public static class CalendarMonths
{
    /// <summary>
    /// <paramref name="day"/> moved on by whole calendar months, clamped to shorter months the way
    /// <see cref="DateOnly.AddMonths"/> does (the 31st becomes the 30th, or the 28th in February, without drifting);
    /// null when that would pass the last representable day.
    /// </summary>
    public static DateOnly? AddClamped(DateOnly day, int months) =>
        months > (DateOnly.MaxValue.Year - day.Year) * 12 + DateOnly.MaxValue.Month - day.Month ? null : day.AddMonths(months);
}
