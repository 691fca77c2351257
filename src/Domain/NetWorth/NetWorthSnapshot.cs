using FinInfra.Domain.Common;

namespace FinInfra.Domain.NetWorth;

/// <summary>
/// What a user was worth on one day. Keeps <c>NetWorth = TotalAssets − TotalLiabilities</c> exactly, and
/// breakdowns that sum to their totals. At most one per user per day: taking it again replaces it.
/// </summary>
public sealed class NetWorthSnapshot : Entity, IAuditable, IOwnedByUser
{
    private NetWorthSnapshot() { }

    private NetWorthSnapshot(Guid userId, DateOnly snapshotDate)
    {
        UserId = Guard.Owner(userId);
        SnapshotDate = snapshotDate;
    }

    public Guid UserId { get; private set; }
    public DateOnly SnapshotDate { get; private set; }
    public decimal TotalAssets { get; private set; }
    public decimal TotalLiabilities { get; private set; }
    public decimal NetWorth { get; private set; }
    public CurrencyCode Currency { get; private set; } = CurrencyCode.Usd;
    public IReadOnlyDictionary<string, decimal> AssetsBreakdown { get; private set; } = new Dictionary<string, decimal>();
    public IReadOnlyDictionary<string, decimal> LiabilitiesBreakdown { get; private set; } = new Dictionary<string, decimal>();

    /// <summary>Accounts left out because their currency is not the snapshot's (never summed at rate 1).</summary>
    public IReadOnlyList<Guid> ExcludedAccountIds { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static NetWorthSnapshot Take(Guid userId, DateOnly date, CurrencyCode currency,
        IReadOnlyDictionary<string, decimal> assetsBreakdown, IReadOnlyDictionary<string, decimal> liabilitiesBreakdown,
        IReadOnlyList<Guid>? excludedAccountIds = null)
    {
        if (date == default) throw new DomainRuleException("snapshot.date", "Snapshot date is required.");
        var snapshot = new NetWorthSnapshot(userId, date);
        snapshot.Replace(currency, assetsBreakdown, liabilitiesBreakdown, excludedAccountIds);
        return snapshot;
    }

    /// <summary>Replaces the figures of this day's snapshot with a fresh computation.</summary>
    public void Replace(CurrencyCode currency, IReadOnlyDictionary<string, decimal> assetsBreakdown,
        IReadOnlyDictionary<string, decimal> liabilitiesBreakdown, IReadOnlyList<Guid>? excludedAccountIds = null)
    {
        ArgumentNullException.ThrowIfNull(assetsBreakdown);
        ArgumentNullException.ThrowIfNull(liabilitiesBreakdown);
        // Entries may be negative: an overdrawn checking account is a negative asset, an overpaid card a negative
        // liability. Refusing them would make a real user's snapshot impossible; the totals stay exact either way.
        Currency = currency;
        AssetsBreakdown = new Dictionary<string, decimal>(assetsBreakdown);
        LiabilitiesBreakdown = new Dictionary<string, decimal>(liabilitiesBreakdown);
        TotalAssets = Guard.Money(assetsBreakdown.Values.Sum(), "snapshot.total", "Total assets");
        TotalLiabilities = Guard.Money(liabilitiesBreakdown.Values.Sum(), "snapshot.total", "Total liabilities");
        NetWorth = TotalAssets - TotalLiabilities;
        ExcludedAccountIds = [.. excludedAccountIds ?? []];
    }

    public override string ToString() => $"NetWorthSnapshot {Id} ({SnapshotDate:yyyy-MM-dd})";
}
