using FinInfra.Domain.NetWorth;

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
    IReadOnlyList<Guid> ExcludedAccountIds)
{
    public static NetWorthDto From(NetWorthSnapshot snapshot) => new(
        snapshot.Id, snapshot.SnapshotDate, snapshot.TotalAssets, snapshot.TotalLiabilities, snapshot.NetWorth,
        snapshot.AssetsBreakdown, snapshot.LiabilitiesBreakdown, snapshot.Currency.Value, snapshot.ExcludedAccountIds);
}
