using FinInfra.Application.ExchangeRates;
using FinInfra.Domain.NetWorth;
using Mapster;

namespace FinInfra.Application.NetWorth;

/// <summary>
/// One currency's accounts in a net-worth figure: assets and liabilities in that currency, and their net in the answer's
/// currency (<c>convertedNet</c>; null when no rate was found, so those accounts are in <c>excludedAccountIds</c>).
/// </summary>
public sealed record NetWorthCurrencyDto(string Currency, decimal Assets, decimal Liabilities, decimal? ConvertedNet);

/// <summary>
/// A net-worth figure in one currency, stored (a snapshot, with its id) or computed now (id null).
/// Breakdowns are keyed by account type and sum exactly to their totals; <c>netWorth = totalAssets − totalLiabilities</c>.
/// Accounts in other currencies are converted at the day's rate (or the closest earlier within the window), each
/// rate listed in <c>exchangeRates</c>; <c>byCurrency</c> keeps every currency's own totals. Accounts without a rate are
/// left out and listed in <c>excludedAccountIds</c>.
/// </summary>
public sealed record NetWorthDto(
    Guid? Id,
    DateOnly SnapshotDate,
    decimal TotalAssets,
    decimal TotalLiabilities,
    decimal NetWorth,
    IReadOnlyDictionary<string, decimal> AssetsBreakdown,
    IReadOnlyDictionary<string, decimal> LiabilitiesBreakdown,
    string Currency,
    IReadOnlyList<Guid> ExcludedAccountIds,
    IReadOnlyList<ExchangeRateUsedDto> ExchangeRates,
    IReadOnlyList<NetWorthCurrencyDto> ByCurrency);

internal sealed class NetWorthMappings : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<NetWorthSnapshot, NetWorthDto>().MapWith(s => new NetWorthDto(
            s.Id, s.SnapshotDate, s.TotalAssets, s.TotalLiabilities, s.NetWorth,
            s.AssetsBreakdown, s.LiabilitiesBreakdown, s.Currency.Value, s.ExcludedAccountIds,
            s.Conversion == null ? new List<ExchangeRateUsedDto>() : s.Conversion.Rates.Select(r => new ExchangeRateUsedDto(r.From, r.To, r.RateDate, r.Rate, r.Source, r.Via)).ToList(),
            s.Conversion == null ? new List<NetWorthCurrencyDto>() : s.Conversion.ByCurrency.Select(c => new NetWorthCurrencyDto(c.Currency, c.Assets, c.Liabilities, c.ConvertedNet)).ToList()));
}
