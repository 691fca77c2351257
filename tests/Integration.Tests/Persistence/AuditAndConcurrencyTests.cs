using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>Audit stamps come from the injected clock; every update bumps the optimistic-concurrency version.</summary>
public sealed class AuditAndConcurrencyTests
{
    private sealed class PinnedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Created_updated_and_deleted_stamps_come_from_the_clock(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var clock = new PinnedClock(created);
        var data = await PersistenceTestData.SeedAsync(database, "audit@example.com", clock: clock);

        await using (var db = database.CreateContext(userId: data.User.Id, clock: clock))
        {
            var goal = await db.Goals.SingleAsync();
            Assert.Equal(created, goal.CreatedAt);
            Assert.Equal(created, goal.UpdatedAt);
            Assert.Equal(created, (await db.Transactions.FirstAsync()).CreatedAt);
            Assert.Equal(created, (await db.Users.SingleAsync()).CreatedAt);

            clock.Now = created.AddHours(5);
            goal.Contribute(10m);
            db.Remove(await db.Documents.SingleAsync());
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext(userId: data.User.Id))
        {
            var goal = await db.Goals.SingleAsync();
            Assert.Equal(created, goal.CreatedAt);
            Assert.Equal(created.AddHours(5), goal.UpdatedAt);
            Assert.Equal(TimeSpan.Zero, goal.UpdatedAt.Offset);
            var document = await db.Documents.IgnoreQueryFilters([QueryFilters.SoftDelete]).SingleAsync();
            Assert.Equal(created.AddHours(5), document.DeletedAt);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_update_bumps_the_version_and_a_stale_write_is_refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var data = await PersistenceTestData.SeedAsync(database, "version@example.com");

        await using var first = database.CreateContext(userId: data.User.Id);
        await using var second = database.CreateContext(userId: data.User.Id);
        var mine = await first.Goals.SingleAsync();
        var theirs = await second.Goals.SingleAsync();
        Assert.Equal(0, mine.Version);

        mine.Contribute(5m);
        await first.SaveChangesAsync();
        Assert.Equal(1, mine.Version);

        theirs.Contribute(7m);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = database.CreateContext(userId: data.User.Id);
        var stored = await check.Goals.SingleAsync();
        Assert.Equal((1, 105m), (stored.Version, stored.CurrentAmount));
    }
}
