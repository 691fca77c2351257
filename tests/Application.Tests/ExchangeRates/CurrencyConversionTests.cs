using FinInfra.Application.ExchangeRates;
using FinInfra.Domain.Common;
using NSubstitute;

namespace FinInfra.Application.Tests.ExchangeRates;

/// <summary>How the one conversion service picks a rate, on rates given in memory (the database tests use the real table).</summary>
public sealed class CurrencyConversionTests
{
    private static readonly DateOnly Monday = new(2026, 3, 2);
    private static readonly CurrencyCode Eur = new("EUR"), Usd = new("USD"), Gbp = new("GBP"), Chf = new("CHF");

    private static async Task<CurrencyConversion> ConversionAsync(CurrencyCode target, int maxAgeDays, params RateQuote[] quotes)
    {
        var provider = Substitute.For<IExchangeRateProvider>();
        provider.GetRatesAsync(default!, default, default, default).ReturnsForAnyArgs(quotes);
        var converter = new CurrencyConverter(provider, new ExchangeRateSettings { MaxAgeDays = maxAgeDays });
        return await converter.PrepareAsync(target, [Eur, Usd, Gbp, Chf], Monday.AddDays(-30), Monday.AddDays(30), CancellationToken.None);
    }

    [Fact]
    public async Task Nothing_is_read_when_every_amount_is_already_in_the_answers_currency()
    {
        var provider = Substitute.For<IExchangeRateProvider>();
        var conversion = await new CurrencyConverter(provider, new ExchangeRateSettings()).PrepareAsync(Usd, [Usd, Usd], Monday, Monday, CancellationToken.None);
        Assert.True(conversion.TryConvert(12.34m, Usd, Monday, out var same));
        Assert.Equal(12.34m, same);
        Assert.Empty(conversion.RatesUsed);
        await provider.DidNotReceiveWithAnyArgs().GetRatesAsync(default!, default, default, default);
    }

    [Fact]
    public async Task The_window_reaches_back_exactly_MaxAgeDays_and_never_forward()
    {
        var conversion = await ConversionAsync(Usd, 3, new RateQuote("EUR", "USD", Monday, 1.08m, "ecb"));
        Assert.False(conversion.TryConvert(10m, Eur, Monday.AddDays(-1), out _));   // a later rate is never used
        Assert.True(conversion.TryConvert(10m, Eur, Monday.AddDays(3), out var thursday));
        Assert.Equal(10.8m, thursday);
        Assert.False(conversion.TryConvert(10m, Eur, Monday.AddDays(4), out var none));
        Assert.Equal(0m, none);
    }

    [Fact]
    public async Task A_manual_rate_wins_its_day_and_a_cross_rate_names_its_sources_and_pivot()
    {
        var conversion = await ConversionAsync(Gbp, 7,
            new RateQuote("EUR", "USD", Monday, 1.25m, "ecb"), new RateQuote("EUR", "USD", Monday, 1.20m, "manual"),
            new RateQuote("EUR", "GBP", Monday, 0.84m, "ecb"));
        Assert.True(conversion.TryConvert(120m, Usd, Monday, out var pounds));
        Assert.Equal(84m, pounds);   // 120 / 1.20 × 0.84
        Assert.Equal(new ExchangeRateUsedDto("USD", "GBP", Monday, 0.7m, "manual+ecb", "EUR"), Assert.Single(conversion.RatesUsed));
    }

    [Fact]
    public async Task A_cross_rate_needs_both_legs_on_the_same_day()
    {
        var conversion = await ConversionAsync(Chf, 7,
            new RateQuote("EUR", "USD", Monday, 1.1m, "ecb"), new RateQuote("EUR", "CHF", Monday.AddDays(-1), 0.95m, "ecb"));
        Assert.False(conversion.TryConvert(1m, Usd, Monday, out _));
        Assert.True(conversion.TryConvert(1m, Eur, Monday, out var francs));   // EUR → CHF: Sunday's stored pair, 1 day old
        Assert.Equal(0.95m, francs);
    }

    [Fact]
    public async Task Amounts_round_half_away_from_zero_to_four_places_and_a_rate_that_rounds_to_zero_is_no_rate()
    {
        var conversion = await ConversionAsync(Usd, 7,
            new RateQuote("EUR", "USD", Monday, 1.00005m, "ecb"), new RateQuote("USD", "CHF", Monday, 900000000m, "manual"));
        Assert.True(conversion.TryConvert(1m, Eur, Monday, out var up));
        Assert.Equal(1.0001m, up);
        Assert.True(conversion.TryConvert(-1m, Eur, Monday, out var down));
        Assert.Equal(-1.0001m, down);

        // A cross of two extreme rates: 1 CHF = 1 / 100 000 EUR and 1 EUR = 1 / 100 000 USD → 10^-10 USD, which is
        // 0.0000000001 at 10 places, a rate; 1 / 300 000 twice is 1.1 × 10^-11, which rounds to 0: no rate, left out.
        var tiny = await ConversionAsync(Usd, 7, new RateQuote("CHF", "EUR", Monday, 0.00001m, "manual"), new RateQuote("EUR", "USD", Monday, 0.00001m, "manual"));
        Assert.True(tiny.TryConvert(1m, Chf, Monday, out _));
        var zero = await ConversionAsync(Usd, 7, new RateQuote("EUR", "CHF", Monday, 300000m, "manual"), new RateQuote("USD", "EUR", Monday, 300000m, "manual"));
        Assert.False(zero.TryConvert(1_000_000m, Chf, Monday, out _));
    }
}
