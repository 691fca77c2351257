using FinInfra.Domain.Common;

namespace FinInfra.Domain.ExchangeRates;

/// <summary>
/// One published or entered exchange rate: on <see cref="Date"/>, 1 <see cref="Base"/> = <see cref="Rate"/>
/// <see cref="Quote"/>, according to <see cref="Source"/>. Reference data shared by every user (no owner). At most one
/// rate per pair, day and source; importing the same day again replaces its rate (idempotent re-import).
/// </summary>
public sealed class ExchangeRate : Entity, IAuditable
{
    private ExchangeRate() { Source = null!; }

    private ExchangeRate(CurrencyCode @base, CurrencyCode quote, DateOnly date, string source)
    {
        if (@base == quote) throw new DomainRuleException("rate.pair", SamePairMessage);
        if (date == default) throw new DomainRuleException("rate.date", "A rate needs its date.");
        Base = @base;
        Quote = quote;
        Date = date;
        Source = NormaliseSource(source);
    }

    /// <summary>The European Central Bank's euro foreign exchange reference rates (EUR-based).</summary>
    public const string EcbSource = "ecb";

    /// <summary>A rate an operator entered (<c>db set-rate</c>); it wins over every other source on its day.</summary>
    public const string ManualSource = "manual";

    /// <summary>Decimal places a rate keeps (the column is numeric(19,10)).</summary>
    public const int MaxScale = 10;

    /// <summary>A rate is below 10^9 (numeric(19,10) holds 9 integer digits).</summary>
    public const decimal Limit = 1_000_000_000m;

    public const int SourceMaxLength = 32;

    public const string RateMessage = "A rate must be above zero, below 1,000,000,000, with at most 10 decimal places.";
    public const string SamePairMessage = "A rate converts between two different currencies.";

    public CurrencyCode Base { get; private set; }
    public CurrencyCode Quote { get; private set; }
    public DateOnly Date { get; private set; }
    public decimal Rate { get; private set; }
    public string Source { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static bool IsValidRate(decimal rate) => rate > 0 && rate < Limit && decimal.Round(rate, MaxScale) == rate;

    public static ExchangeRate Of(CurrencyCode @base, CurrencyCode quote, DateOnly date, decimal rate, string source)
    {
        var exchangeRate = new ExchangeRate(@base, quote, date, source);
        exchangeRate.Replace(rate);
        return exchangeRate;
    }

    /// <summary>A newer publication (or correction) of the same day's rate.</summary>
    public void Replace(decimal rate)
    {
        if (!IsValidRate(rate)) throw new DomainRuleException("rate.value", RateMessage);
        Rate = rate;
    }

    private static string NormaliseSource(string? source)
    {
        var text = Guard.Text(source, "rate.source", "Source", SourceMaxLength).ToLowerInvariant();
        return text;
    }

    public override string ToString() => $"ExchangeRate {Base}/{Quote} {Date:yyyy-MM-dd} {Rate} ({Source})";
}
