namespace FinInfra.Domain.Common;

/// <summary>
/// An invariant of an aggregate would be broken. <see cref="Rule"/> is a stable, machine-readable name
/// (for example <c>budget.categories.required</c>); the message is safe to show to a client.
/// </summary>
public sealed class DomainRuleException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}

/// <summary>
/// What every amount of money obeys. Amounts are <c>decimal</c> beside their aggregate's <see cref="CurrencyCode"/>;
/// answers combine amounts only within one currency (grouped or filtered by it), never across currencies.
/// </summary>
public static class Amounts
{
    /// <summary>Amounts are stored as numeric(19,4): every amount's magnitude stays below 10^15.</summary>
    public const decimal Limit = 1_000_000_000_000_000m;

    /// <summary>At most 4 decimal places are stored.</summary>
    public const int MaxScale = 4;
}

internal static class Guard
{
    /// <summary>Every owned row names its user: the ownership filter and the write check depend on it.</summary>
    public static Guid Owner(Guid userId) =>
        userId == Guid.Empty ? throw new DomainRuleException("owner.required", "A row must belong to a user.") : userId;

    public static string Text(string? value, string rule, string what, int maxLength = 255) =>
        OptionalText(value, rule, what, maxLength) ?? throw new DomainRuleException(rule, $"{what} is required.");

    public static string? OptionalText(string? value, string rule, string what, int maxLength = 255)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        if (trimmed.Length > maxLength)
            throw new DomainRuleException(rule, $"{what} must be at most {maxLength} characters.");
        // Whatever the source (a client, a bank, the seed), text must be storable: PostgreSQL text cannot hold NUL.
        if (trimmed.Contains('\0'))
            throw new DomainRuleException(rule, $"{what} cannot contain a NUL character.");
        return trimmed;
    }

    /// <summary>Money is stored as numeric(19,4): at most 15 integer digits and 4 decimals.</summary>
    public static decimal Money(decimal value, string rule, string what)
    {
        if (decimal.Round(value, Amounts.MaxScale) != value)
            throw new DomainRuleException(rule, $"{what} must have at most 4 decimal places.");
        if (Math.Abs(value) >= Amounts.Limit)
            throw new DomainRuleException(rule, $"{what} is out of range.");
        return value;
    }
}
