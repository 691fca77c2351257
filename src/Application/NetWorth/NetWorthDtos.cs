using FinInfra.Domain.NetWorth;
using Mapster;

namespace FinInfra.Application.NetWorth;

/// <summary>
/// A net-worth figure in one currency, stored (a snapshot, with its id) or computed now (id null).
/// Breakdowns are keyed by account type and sum exactly to their totals; <c>netWorth = totalAssets − totalLiabilities</c>.
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
    IReadOnlyList<Guid> ExcludedAccountIds);

internal sealed class NetWorthMappings : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<NetWorthSnapshot, NetWorthDto>().MapWith(s => new NetWorthDto(
            s.Id, s.SnapshotDate, s.TotalAssets, s.TotalLiabilities, s.NetWorth,
            s.AssetsBreakdown, s.LiabilitiesBreakdown, s.Currency.Value, s.ExcludedAccountIds));
}
