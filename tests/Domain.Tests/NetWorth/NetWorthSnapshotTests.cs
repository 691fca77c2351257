using FinInfra.Domain.Common;
using FinInfra.Domain.NetWorth;
using FinInfra.Domain.Tests.Common;

namespace FinInfra.Domain.Tests.NetWorth;

public sealed class NetWorthSnapshotTests
{
    private static readonly Guid UserId = Guid.CreateVersion7();
    private static readonly DateOnly Today = new(2026, 5, 1);

    [Fact]
    public void Net_worth_is_assets_minus_liabilities_and_breakdowns_sum_to_totals()
    {
        var snapshot = NetWorthSnapshot.Take(UserId, Today, CurrencyCode.Usd,
            new Dictionary<string, decimal> { ["depository"] = 1000.10m, ["investment"] = 2500.20m },
            new Dictionary<string, decimal> { ["credit"] = 300.05m, ["loan"] = 10_000m });

        Assert.Equal(3500.30m, snapshot.TotalAssets);
        Assert.Equal(10_300.05m, snapshot.TotalLiabilities);
        Assert.Equal(-6799.75m, snapshot.NetWorth);
        Assert.Equal(snapshot.TotalAssets - snapshot.TotalLiabilities, snapshot.NetWorth);
        Assert.Equal(snapshot.TotalAssets, snapshot.AssetsBreakdown.Values.Sum());
        Assert.Equal(snapshot.TotalLiabilities, snapshot.LiabilitiesBreakdown.Values.Sum());
    }

    [Fact]
    public void Empty_breakdowns_give_zero()
    {
        var snapshot = NetWorthSnapshot.Take(UserId, Today, CurrencyCode.Usd, new Dictionary<string, decimal>(), new Dictionary<string, decimal>());
        Assert.Equal(0m, snapshot.NetWorth);
    }

    [Fact]
    public void An_overdrawn_account_counts_as_a_negative_asset()
    {
        var snapshot = NetWorthSnapshot.Take(UserId, Today, CurrencyCode.Usd,
            new Dictionary<string, decimal> { ["depository"] = -50m }, new Dictionary<string, decimal>());
        Assert.Equal(-50m, snapshot.TotalAssets);
        Assert.Equal(-50m, snapshot.NetWorth);
    }

    [Fact]
    public void Replace_recomputes_every_figure_and_keeps_exclusions()
    {
        var excluded = Guid.CreateVersion7();
        var snapshot = NetWorthSnapshot.Take(UserId, Today, CurrencyCode.Usd, new Dictionary<string, decimal> { ["other"] = 1m }, new Dictionary<string, decimal>());
        snapshot.Replace(CurrencyCode.Usd, new Dictionary<string, decimal> { ["depository"] = 10m }, new Dictionary<string, decimal> { ["credit"] = 4m }, [excluded]);
        Assert.Equal(6m, snapshot.NetWorth);
        Assert.Equal([excluded], snapshot.ExcludedAccountIds);
        Assert.False(snapshot.AssetsBreakdown.ContainsKey("other"));
        Assert.Equal(Today, snapshot.SnapshotDate);
    }

    [Fact]
    public void The_breakdown_is_copied_not_shared()
    {
        var assets = new Dictionary<string, decimal> { ["depository"] = 10m };
        var snapshot = NetWorthSnapshot.Take(UserId, Today, CurrencyCode.Usd, assets, new Dictionary<string, decimal>());
        assets["depository"] = 99m;
        Assert.Equal(10m, snapshot.AssetsBreakdown["depository"]);
    }

    [Fact]
    public void Date_owner_and_precision_are_checked()
    {
        var none = new Dictionary<string, decimal>();
        Rule.Broken("snapshot.date", () => NetWorthSnapshot.Take(UserId, default, CurrencyCode.Usd, none, none));
        Rule.Broken("owner.required", () => NetWorthSnapshot.Take(Guid.Empty, Today, CurrencyCode.Usd, none, none));
        Rule.Broken("snapshot.total", () => NetWorthSnapshot.Take(UserId, Today, CurrencyCode.Usd, new Dictionary<string, decimal> { ["x"] = 0.00001m }, none));
    }
}
