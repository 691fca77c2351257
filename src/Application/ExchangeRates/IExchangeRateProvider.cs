using FinInfra.Domain.Common;

namespace FinInfra.Application.ExchangeRates;

/// <summary>One stored rate: on <paramref name="Date"/>, 1 <paramref name="Base"/> = <paramref name="Rate"/> <paramref name="Quote"/>.</summary>
public sealed record RateQuote(string Base, string Quote, DateOnly Date, decimal Rate, string Source);

/// <summary>
/// Where rates come from. The one implementation today reads the <c>exchange_rates</c> table (ECB imports and manual
/// rates); a live source can be added behind this interface without touching any answer, since every answer converts
/// through <see cref="CurrencyConverter"/>, which only asks this.
/// </summary>
public interface IExchangeRateProvider
{
    /// <summary>
    /// Every known rate dated within [<paramref name="from"/>, <paramref name="to"/>] whose base or quote is one of
    /// <paramref name="currencies"/> (so EUR→USD and EUR→GBP both come back for USD and GBP: enough for a cross rate
    /// through EUR). Several sources may give the same pair and day; the converter picks.
    /// </summary>
    Task<IReadOnlyList<RateQuote>> GetRatesAsync(IReadOnlyCollection<CurrencyCode> currencies, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}

/// <summary>How conversions pick a rate (configuration section <see cref="Section"/>).</summary>
public sealed class ExchangeRateSettings
{
    public const string Section = "ExchangeRates";

    /// <summary>
    /// An amount dated D converts at the rate of D or, when D has none (a weekend, a bank holiday, a day not yet
    /// published), the closest earlier date at most this many days before D. Never a later date, and never a
    /// rate older than this: the amount is then left out and listed. 7 covers a weekend and the ECB's longest
    /// regular closing, Easter (Thursday's rate until Tuesday, 5 days). ADR 0013.
    /// </summary>
    public int MaxAgeDays { get; init; } = 7;
}
