using FinInfra.Application.Common.Time;

namespace FinInfra.Application.Common.Time;

public static class ClockExtensions
{
    /// <summary>
    /// Today's date in UTC, the day every "today" default of the service means (the service has no user time zone),
    /// so a budget period, a goal's as-of day and a snapshot date agree with one another.
    /// </summary>
    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
