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

    /// <summary>Accounts left out because their currency had no rate for the day (never summed at rate 1).</summary>
    public IReadOnlyList<Guid> ExcludedAccountIds { get; private set; } = [];

    /// <summary>
    /// The rates the figures used and each currency's own totals; null for a snapshot taken before conversions existed
    /// (its figures then hold only accounts in its own currency).
    /// </summary>
    public SnapshotConversion? Conversion { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static NetWorthSnapshot Take(Guid userId, DateOnly date, CurrencyCode currency,
        IReadOnlyDictionary<string, decimal> assetsBreakdown, IReadOnlyDictionary<string, decimal> liabilitiesBreakdown,
        IReadOnlyList<Guid>? excludedAccountIds = null, SnapshotConversion? conversion = null)
    {
        if (date == default) throw new DomainRuleException("snapshot.date", "Snapshot date is required.");
        var snapshot = new NetWorthSnapshot(userId, date);
        snapshot.Replace(currency, assetsBreakdown, liabilitiesBreakdown, excludedAccountIds, conversion);
        return snapshot;
    }

    /// <summary>Replaces the figures of this day's snapshot with a fresh computation.</summary>
    public void Replace(CurrencyCode currency, IReadOnlyDictionary<string, decimal> assetsBreakdown,
        IReadOnlyDictionary<string, decimal> liabilitiesBreakdown, IReadOnlyList<Guid>? excludedAccountIds = null, SnapshotConversion? conversion = null)
    {
        ArgumentNullException.ThrowIfNull(assetsBreakdown);
        ArgumentNullException.ThrowIfNull(liabilitiesBreakdown);
        // Entries may be negative: an overdrawn checking account is a negative asset, an overpaid card a negative
        // liability. Refusing them would make a real user's snapshot impossible; the totals stay exact either way.
        Currency = currency;
        AssetsBreakdown = new Dictionary<string, decimal>(assetsBreakdown);
        LiabilitiesBreakdown = new Dictionary<string, decimal>(liabilitiesBreakdown);
        TotalAssets = Total(assetsBreakdown.Values.Sum(), "Total assets");
        TotalLiabilities = Total(liabilitiesBreakdown.Values.Sum(), "Total liabilities");
        NetWorth = TotalAssets - TotalLiabilities;
        ExcludedAccountIds = [.. excludedAccountIds ?? []];
        Conversion = conversion;
    }

    /// <summary>A total as a snapshot keeps it (money: 4 places, below 10^15); a series' points obey the same rule.</summary>
    public static decimal Total(decimal value, string what) => Guard.Money(value, "snapshot.total", what);

    public override string ToString() => $"NetWorthSnapshot {Id} ({SnapshotDate:yyyy-MM-dd})";
}

/// <summary>A rate a snapshot's figures used: 1 <paramref name="From"/> = <paramref name="Rate"/> <paramref name="To"/> on <paramref name="RateDate"/>.</summary>
public sealed record SnapshotRate(string From, string To, DateOnly RateDate, decimal Rate, string Source, string? Via);

/// <summary>
/// One currency's accounts in a snapshot, in that currency (assets and liabilities as the breakdowns count them), and
/// their net in the snapshot's currency (null: no rate, so they were left out).
/// </summary>
public sealed record SnapshotCurrency(string Currency, decimal Assets, decimal Liabilities, decimal? ConvertedNet);

/// <summary>How a snapshot's figures were converted: the rates used and each currency's own totals.</summary>
public sealed record SnapshotConversion(IReadOnlyList<SnapshotRate> Rates, IReadOnlyList<SnapshotCurrency> ByCurrency);
