using FinInfra.Domain.Common;
using FinInfra.Domain.ExchangeRates;

namespace FinInfra.Application.ExchangeRates;

/// <summary>
/// A rate an answer used: 1 <paramref name="From"/> = <paramref name="Rate"/> <paramref name="To"/>, published for
/// <paramref name="RateDate"/> by <paramref name="Source"/>. <paramref name="Via"/> names the currency a cross rate
/// went through (EUR for ECB rates), null for a stored pair or its inverse. The rate is rounded to
/// <see cref="ExchangeRate.MaxScale"/> places and is exactly the one multiplied by.
/// </summary>
public sealed record ExchangeRateUsedDto(string From, string To, DateOnly RateDate, decimal Rate, string Source, string? Via);

/// <summary>
/// THE conversion service: every answer that adds amounts of several currencies converts through here, so "which
/// rate, from which day, and what happens without one" is decided once. Load once per answer with
/// <see cref="PrepareAsync"/> (one query for the whole date range), then convert in memory.
/// </summary>
public sealed class CurrencyConverter(IExchangeRateProvider provider, ExchangeRateSettings settings)
{
    public int MaxAgeDays => settings.MaxAgeDays;

    /// <summary>
    /// Rates to convert amounts of <paramref name="sources"/> dated within [<paramref name="from"/>, <paramref name="to"/>]
    /// into <paramref name="target"/>. Nothing is read when every source is the target.
    /// </summary>
    public async Task<CurrencyConversion> PrepareAsync(CurrencyCode target, IEnumerable<CurrencyCode> sources, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var others = sources.Where(c => c != target).Distinct().ToList();
        if (others.Count == 0) return new CurrencyConversion(target, settings.MaxAgeDays, []);
        var earliest = from.DayNumber - settings.MaxAgeDays < DateOnly.MinValue.DayNumber ? DateOnly.MinValue : from.AddDays(-settings.MaxAgeDays);
        var quotes = await provider.GetRatesAsync([target, .. others], earliest, to, cancellationToken);
        return new CurrencyConversion(target, settings.MaxAgeDays, quotes);
    }
}

/// <summary>
/// The rates one answer may use, and the ones it did. <see cref="TryConvert"/> converts an amount dated D at the rate
/// of D or the closest earlier day within the window; without one it returns false (the caller leaves the amount out
/// and lists it: a missing rate is never 1). Converted amounts are rounded to <see cref="Amounts.MaxScale"/> places,
/// half away from zero.
/// </summary>
public sealed class CurrencyConversion
{
    private readonly int _maxAgeDays;
    private readonly Dictionary<(string Base, string Quote), Dictionary<DateOnly, (decimal Rate, string Source)>> _pairs = [];
    private readonly List<string> _pivots;
    private readonly Dictionary<(string From, DateOnly Date), ExchangeRateUsedDto?> _resolved = [];
    private readonly HashSet<ExchangeRateUsedDto> _used = [];

    internal CurrencyConversion(CurrencyCode target, int maxAgeDays, IReadOnlyList<RateQuote> quotes)
    {
        Target = target;
        _maxAgeDays = maxAgeDays;
        // Per pair and day one rate: a manual rate wins over any published one, otherwise the first source by name.
        foreach (var quote in quotes.OrderBy(q => q.Source == ExchangeRate.ManualSource ? 0 : 1).ThenBy(q => q.Source, StringComparer.Ordinal))
        {
            if (quote.Rate <= 0) continue;
            var days = _pairs.TryGetValue((quote.Base, quote.Quote), out var found) ? found : _pairs[(quote.Base, quote.Quote)] = [];
            days.TryAdd(quote.Date, (quote.Rate, quote.Source));
        }
        // Cross rates go through a currency both sides are quoted against: EUR first (the ECB's base), then by code.
        _pivots = [.. _pairs.Keys.SelectMany(k => new[] { k.Base, k.Quote }).Distinct()
            .OrderBy(c => c == "EUR" ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal)];
    }

    public CurrencyCode Target { get; }

    /// <summary>The rates used so far, by currency then date: what the answer states.</summary>
    public IReadOnlyList<ExchangeRateUsedDto> RatesUsed =>
        [.. _used.OrderBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.RateDate)];

    /// <summary>
    /// <paramref name="amount"/> of <paramref name="currency"/> on <paramref name="date"/> in <see cref="Target"/>;
    /// false when no rate is known within the window (then <paramref name="converted"/> is 0 and nothing is recorded).
    /// </summary>
    public bool TryConvert(decimal amount, CurrencyCode currency, DateOnly date, out decimal converted)
    {
        if (currency == Target)
        {
            converted = amount;
            return true;
        }
        var rate = RateFor(currency, date);
        if (rate is null)
        {
            converted = 0;
            return false;
        }
        _used.Add(rate);
        converted = decimal.Round(amount * rate.Rate, Amounts.MaxScale, MidpointRounding.AwayFromZero);
        return true;
    }

    /// <summary>The rate from <paramref name="currency"/> to <see cref="Target"/> for <paramref name="date"/>, or null (not recorded as used).</summary>
    public ExchangeRateUsedDto? RateFor(CurrencyCode currency, DateOnly date)
    {
        if (currency == Target) return null;
        if (_resolved.TryGetValue((currency.Value, date), out var cached)) return cached;
        ExchangeRateUsedDto? found = null;
        for (var age = 0; age <= _maxAgeDays && found is null && date.DayNumber - age >= DateOnly.MinValue.DayNumber; age++)
            found = OnDay(currency.Value, Target.Value, date.AddDays(-age));
        return _resolved[(currency.Value, date)] = found;
    }

    private ExchangeRateUsedDto? OnDay(string from, string to, DateOnly day)
    {
        if (Leg(from, to, day) is { } direct) return Used(from, to, day, direct.Rate, direct.Source, via: null);
        foreach (var pivot in _pivots)
        {
            if (pivot == from || pivot == to || Leg(from, pivot, day) is not { } first || Leg(pivot, to, day) is not { } second) continue;
            var source = first.Source == second.Source ? first.Source : $"{first.Source}+{second.Source}";
            if (Used(from, to, day, first.Rate * second.Rate, source, pivot) is { } cross) return cross;
        }
        return null;
    }

    /// <summary>from → to on that day: the stored pair, or 1 / the stored opposite pair.</summary>
    private (decimal Rate, string Source)? Leg(string from, string to, DateOnly day)
    {
        if (_pairs.TryGetValue((from, to), out var days) && days.TryGetValue(day, out var rate)) return rate;
        if (_pairs.TryGetValue((to, from), out days) && days.TryGetValue(day, out rate)) return (1m / rate.Rate, rate.Source);
        return null;
    }

    /// <summary>A rate that rounds to zero at 10 places is no rate: an amount is never converted to nothing.</summary>
    private static ExchangeRateUsedDto? Used(string from, string to, DateOnly day, decimal rate, string source, string? via)
    {
        var rounded = decimal.Round(rate, ExchangeRate.MaxScale, MidpointRounding.AwayFromZero);
        return rounded > 0 ? new ExchangeRateUsedDto(from, to, day, rounded, source, via) : null;
    }
}
