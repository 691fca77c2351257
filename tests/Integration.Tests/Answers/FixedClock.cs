namespace FinInfra.Integration.Tests.Answers;

/// <summary>A clock pinned to one instant, so answers that depend on "today" are exact.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static FixedClock On(string date) => new(new DateTimeOffset(DateOnly.Parse(date).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => now;
}
