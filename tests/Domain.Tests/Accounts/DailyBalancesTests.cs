using FinInfra.Domain.Accounts;
using FinInfra.Domain.Common;

namespace FinInfra.Domain.Tests.Accounts;

public sealed class DailyBalancesTests
{
    private static DateOnly D(int day) => new(2026, 3, day);

    [Fact]
    public void A_linked_asset_is_computed_backwards_from_its_balance_on_its_last_day()
    {
        var days = DailyBalances.Compute(D(1), D(5), AccountClassification.Asset,
            [(D(2), 500m), (D(4), -100m), (D(4), -20m)], [new BalanceAnchor(D(5), 1000m)]);

        Assert.Equal([620m, 1120m, 1120m, 1000m, 1000m], days.Select(d => d.Closing));
        Assert.Equal((1120m, 0m, 120m, 1000m), (days[3].Opening, days[3].Inflow, days[3].Outflow, days[3].Closing));
        Assert.Equal(620m, days[0].Opening);
        Assert.All(days, d => Assert.Equal(d.Closing, d.Opening + d.Inflow - d.Outflow));
    }

    [Fact]
    public void A_liability_owes_more_after_money_leaves_it()
    {
        // A card: 300 owed on the last day; a purchase of 50 on day 2 and a payment of 100 on day 3.
        var days = DailyBalances.Compute(D(1), D(3), AccountClassification.Liability, [(D(2), -50m), (D(3), 100m)], [new BalanceAnchor(D(3), 300m)]);

        Assert.Equal([350m, 400m, 300m], days.Select(d => d.Closing));
        Assert.All(days, d => Assert.Equal(d.Closing, d.Opening - d.Inflow + d.Outflow));
    }

    [Fact]
    public void A_manual_account_is_carried_forward_from_each_valuation_and_backwards_before_the_first()
    {
        var days = DailyBalances.Compute(D(1), D(6), AccountClassification.Asset,
            [(D(1), 10m), (D(3), 5m), (D(5), -7m)],
            [new BalanceAnchor(D(2), 400m), new BalanceAnchor(D(4), 410m)]);

        // Day 1 is before the first valuation: 400 at the end of day 2, nothing moved on day 2, so 400 at the end of day 1.
        Assert.Equal([400m, 400m, 405m, 410m, 403m, 403m], days.Select(d => d.Closing));
        // The valuation day's closing is the valuation; its opening is the day before's closing.
        Assert.Equal((405m, 410m), (days[3].Opening, days[3].Closing));
        Assert.Equal(390m, days[0].Opening);
    }

    [Fact]
    public void Flows_outside_the_span_and_an_empty_span_give_nothing_extra()
    {
        Assert.Empty(DailyBalances.Compute(D(5), D(4), AccountClassification.Asset, [], [new BalanceAnchor(D(4), 1m)]));
        var one = Assert.Single(DailyBalances.Compute(D(4), D(4), AccountClassification.Asset, [(D(9), 5m)], [new BalanceAnchor(D(4), 1m)]));
        Assert.Equal((1m, 1m), (one.Opening, one.Closing));
    }

    [Fact]
    public void A_valuation_is_only_for_a_manual_account()
    {
        var linked = Account.FromProvider(Guid.CreateVersion7(), Guid.CreateVersion7(), "acc-1", "Checking", AccountType.Depository, null, 1m, CurrencyCode.Usd);
        var manual = Account.OpenManual(Guid.CreateVersion7(), Guid.CreateVersion7(), null, "House", AccountType.Other, null, 1m, CurrencyCode.Usd);

        Assert.Equal(AccountValuation.ManualOnlyRule, Assert.Throws<DomainRuleException>(() => AccountValuation.Record(linked, D(1), 5m)).Rule);
        var valuation = AccountValuation.Record(manual, D(1), 410_000m);
        valuation.Revalue(420_000m);
        Assert.Equal((manual.Id, D(1), 420_000m), (valuation.AccountId, valuation.Date, valuation.Value));
        Assert.Throws<DomainRuleException>(() => valuation.Revalue(0.00001m));
    }
}
