using FinInfra.Application.NetWorth;
using FinInfra.Application.NetWorth.GetNetWorth;
using FinInfra.Application.NetWorth.ListNetWorthSnapshots;
using FinInfra.Application.NetWorth.TakeNetWorthSnapshot;
using FinInfra.Domain.Accounts;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Repositories;
using FinInfra.Infrastructure.Persistence.WritePorts;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Integration.Tests.NetWorth;

/// <summary>
/// Assets: checking 1 500.25 + savings 2 000.00 (depository 3 500.25) + brokerage 10 000.00 = 13 500.25.
/// Liabilities: card 450.75 (credit) + mortgage 200 000.00 (loan) + an overdrawn checking account −50.00, owed,
/// so depository 50.00 = 200 500.75. Net worth = 13 500.25 − 200 500.75 = −187 000.50. The EUR account is left
/// out and listed; the soft-deleted one is simply gone.
/// </summary>
public sealed class NetWorthTests
{
    private static readonly MapsterMapper.IMapper Mapping = new MapsterMapper.Mapper(FinInfra.Application.DependencyInjection.CreateMappingConfig());

    private static readonly DateOnly Today = new(2026, 11, 26);

    private static async Task<(SeededUser Data, Account Euro, Account Checking)> HouseholdAsync(DatabaseProvider provider)
    {
        var data = await SeededUser.CreateAsync(provider);
        var checking = await data.AddAccountAsync(AccountType.Depository, 1500.25m, subtype: "checking");
        await data.AddAccountAsync(AccountType.Depository, 2000m, subtype: "savings");
        await data.AddAccountAsync(AccountType.Investment, 10000m, subtype: "brokerage");
        await data.AddAccountAsync(AccountType.Credit, 450.75m, subtype: "credit card");
        await data.AddAccountAsync(AccountType.Loan, 200000m, subtype: "mortgage");
        await data.AddAccountAsync(AccountType.Depository, -50m, subtype: "checking");
        var euro = await data.AddAccountAsync(AccountType.Depository, 999m, currency: "EUR");
        var closed = await data.AddAccountAsync(AccountType.Investment, 5000m);
        await data.SoftDeleteAsync(closed);
        return (data, euro, checking);
    }

    private static NetWorthCalculator Calculator(AppDbContext db, SeededUser data) => new(new EfReadRepository<Account>(db), new FinInfra.Infrastructure.Persistence.History.BalanceHistoryReader(db), new TestDatabase.FixedUser(data.UserId), SeededUser.Converter(db));

    private static async Task<TakeNetWorthSnapshotResult> TakeAsync(SeededUser data, DateOnly? date = null)
    {
        await using var db = data.UserContext();
        var handler = new TakeNetWorthSnapshotCommandHandler(Calculator(db, data), new NetWorthSnapshotStore(db), data.AnswerCurrency(db), new TestClock(new DateTimeOffset(Today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)), Mapping);
        return await new UnitOfWork(db).ExecuteInTransactionAsync(async ct => await handler.Handle(new TakeNetWorthSnapshotCommand(date), ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Net_worth_classifies_accounts_and_leaves_other_currencies_out(DatabaseProvider provider)
    {
        var (data, euro, _) = await HouseholdAsync(provider);
        await using var _ = data;
        await using var db = data.UserContext();

        var worth = await new GetNetWorthQueryHandler(Calculator(db, data), data.AnswerCurrency(db), TestClock.On("2026-11-26"), Mapping).Handle(new GetNetWorthQuery(), CancellationToken.None);

        Assert.Null(worth.Id);
        Assert.Equal((13500.25m, 200500.75m, -187000.50m, "USD"), (worth.TotalAssets, worth.TotalLiabilities, worth.NetWorth, worth.Currency));
        Assert.Equal(new Dictionary<string, decimal> { ["depository"] = 3500.25m, ["investment"] = 10000m }, worth.AssetsBreakdown);
        Assert.Equal(new Dictionary<string, decimal> { ["credit"] = 450.75m, ["depository"] = 50m, ["loan"] = 200000m }, worth.LiabilitiesBreakdown);
        Assert.Equal([euro.Id], worth.ExcludedAccountIds);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_paid_off_card_stays_a_zero_liability_and_a_card_in_credit_is_an_asset(DatabaseProvider provider)
    {
        await using var data = await SeededUser.CreateAsync(provider);
        await data.AddAccountAsync(AccountType.Credit, 0m);
        await data.AddAccountAsync(AccountType.Credit, -25m);
        await data.AddAccountAsync(AccountType.Depository, 100m);
        await data.AddAccountAsync(AccountType.Other, 0m);
        await using var db = data.UserContext();

        var worth = await new GetNetWorthQueryHandler(Calculator(db, data), data.AnswerCurrency(db), TestClock.On("2026-11-26"), Mapping).Handle(new GetNetWorthQuery(), CancellationToken.None);

        Assert.Equal((125m, 0m, 125m), (worth.TotalAssets, worth.TotalLiabilities, worth.NetWorth));
        Assert.Equal(new Dictionary<string, decimal> { ["credit"] = 25m, ["depository"] = 100m, ["other"] = 0m }, worth.AssetsBreakdown);
        Assert.Equal(new Dictionary<string, decimal> { ["credit"] = 0m }, worth.LiabilitiesBreakdown);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task In_euros_only_the_euro_account_counts(DatabaseProvider provider)
    {
        var (data, _, _) = await HouseholdAsync(provider);
        await using var _ = data;
        await using var db = data.UserContext();

        var worth = await new GetNetWorthQueryHandler(Calculator(db, data), data.AnswerCurrency(db), TestClock.On("2026-11-26"), Mapping).Handle(new GetNetWorthQuery("eur"), CancellationToken.None);

        Assert.Equal((999m, 0m, 999m, "EUR", 6), (worth.TotalAssets, worth.TotalLiabilities, worth.NetWorth, worth.Currency, worth.ExcludedAccountIds.Count));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Taking_a_snapshot_again_the_same_day_replaces_it(DatabaseProvider provider)
    {
        var (data, _, checking) = await HouseholdAsync(provider);
        await using var _ = data;

        var first = await TakeAsync(data);
        await using (var db = data.SystemContext())
        {
            db.Attach(checking);
            checking.SetBalance(1600.25m);
            await db.SaveChangesAsync();
        }
        var second = await TakeAsync(data);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Snapshot.Id, second.Snapshot.Id);
        Assert.Equal((13600.25m, 200500.75m, -186900.50m), (second.Snapshot.TotalAssets, second.Snapshot.TotalLiabilities, second.Snapshot.NetWorth));
        await using var check = data.UserContext();
        var stored = await check.NetWorthSnapshots.SingleAsync();
        Assert.Equal((Today, -186900.50m), (stored.SnapshotDate, stored.NetWorth));
        Assert.Equal(stored.TotalAssets, stored.AssetsBreakdown.Values.Sum());
        Assert.Equal(stored.TotalLiabilities, stored.LiabilitiesBreakdown.Values.Sum());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_snapshots_taken_at_once_leave_one_row(DatabaseProvider provider)
    {
        var (data, _, _) = await HouseholdAsync(provider);
        await using var _ = data;

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => TakeAsync(data))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Snapshot.Id).Distinct());
        await using var check = data.UserContext();
        Assert.Equal(1, await check.NetWorthSnapshots.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task History_is_listed_oldest_first_within_the_range(DatabaseProvider provider)
    {
        var (data, _, _) = await HouseholdAsync(provider);
        await using var _ = data;
        foreach (var day in new[] { 20, 5, 12, 1 }) await TakeAsync(data, new DateOnly(2026, 11, day));

        await using var db = data.UserContext();
        var history = await new ListNetWorthSnapshotsQueryHandler(new EfReadRepository<Domain.NetWorth.NetWorthSnapshot>(db), TestClock.On("2026-11-26"), Mapping)
            .Handle(new ListNetWorthSnapshotsQuery(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 20)), CancellationToken.None);

        Assert.Equal([5, 12, 20], history.Select(s => s.SnapshotDate.Day));
        Assert.All(history, s => Assert.Equal(s.NetWorth, s.TotalAssets - s.TotalLiabilities));
    }
}
