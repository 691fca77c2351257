using FinInfra.Domain.Accounts;
using FinInfra.Domain.Common;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.NetWorth;
using FinInfra.Integration.Tests.Api;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.NetWorth;

public sealed class DailySnapshotJobTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_instances_record_one_snapshot_of_yesterday_per_user_from_history_and_fill_in_missing_history(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        api.Clock.Set(TestClock.On("2026-05-10").GetUtcNow());
        var first = await api.CreateUserAsync();
        var second = await api.CreateUserAsync();
        await first.CreateAccountAsync(balance: 1200m, name: "Cash");
        await second.CreateAccountAsync(type: "credit", balance: 300m, name: "Card");
        // An account written straight to the database, around the entry point (as before balance history existed): no rows.
        var connection = (await second.CreateManualConnectionAsync()).Id();
        var bare = Account.OpenManual(second.Id, connection, null, "Old savings", AccountType.Depository, null, 500m, CurrencyCode.Usd);
        await using (var db = api.Database.CreateContext(systemScope: true, clock: api.Clock))
        {
            db.Accounts.Add(bare);
            await db.SaveChangesAsync();
        }

        api.Clock.Advance(TimeSpan.FromDays(1));
        var job = api.Services.GetRequiredService<DailySnapshotJob>();
        // Two instances' rounds at once: every user is claimed by one of them.
        var taken = await Task.WhenAll(job.RunOnceAsync(CancellationToken.None), job.RunOnceAsync(CancellationToken.None));
        Assert.True(taken.Sum() >= 2, $"took {taken.Sum()}");
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));

        await using var check = api.Database.CreateContext(systemScope: true);
        var snapshots = await check.NetWorthSnapshots.AsNoTracking().Where(s => s.UserId == first.Id || s.UserId == second.Id).ToListAsync();
        Assert.Equal(2, snapshots.Count);
        Assert.All(snapshots, s => Assert.Equal(new DateOnly(2026, 5, 10), s.SnapshotDate));
        Assert.Equal(1200m, snapshots.Single(s => s.UserId == first.Id).NetWorth);
        // 500 − 300: the bare account's history was computed before its user's snapshot.
        Assert.Equal((500m, 300m, 200m), snapshots.Single(s => s.UserId == second.Id) is var s2 ? (s2.TotalAssets, s2.TotalLiabilities, s2.NetWorth) : default);
        Assert.True(await check.BalanceDays.AnyAsync(r => r.AccountId == bare.Id));
        Assert.All(await check.Users.AsNoTracking().ToListAsync(), u => Assert.Null(u.SnapshotLeaseUntil));
    }
}
