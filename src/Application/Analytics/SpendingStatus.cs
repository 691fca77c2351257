namespace FinInfra.Application.Analytics;

/// <summary>
/// How much of a limit has been used. Percentages are rounded to 2 decimals (half away from zero) for display;
/// the status is decided on the exact figures, so 79.999 % is still "ok" even though it displays as 80.00.
/// </summary>
public static class SpendingStatus
{
    public const string Ok = "ok";
    public const string Warning = "warning";
    public const string Over = "over";

    /// <summary>The share of the limit at which a category turns from ok to warning.</summary>
    public const decimal WarningShare = 0.8m;

    public static decimal PercentUsed(decimal limit, decimal spent) =>
        limit <= 0 ? 0m : Math.Round(spent / limit * 100m, 2, MidpointRounding.AwayFromZero);

    public static string Of(decimal limit, decimal spent) =>
        spent > limit ? Over : spent >= limit * WarningShare ? Warning : Ok;
}
