using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>Cascade delete of a user, and the soft-delete filter with restore.</summary>
public sealed class DataLifecycleTests
{
    private static async Task<Dictionary<string, int>> CountRowsAsync(AppDbContext db) => new()
    {
        ["users"] = await db.Users.IgnoreQueryFilters().CountAsync(),
        ["bank_connections"] = await db.BankConnections.IgnoreQueryFilters().CountAsync(),
        ["accounts"] = await db.Accounts.IgnoreQueryFilters().CountAsync(),
        ["transactions"] = await db.Transactions.IgnoreQueryFilters().CountAsync(),
        ["budgets"] = await db.Budgets.IgnoreQueryFilters().CountAsync(),
        ["goals"] = await db.Goals.IgnoreQueryFilters().CountAsync(),
        ["net_worth_snapshots"] = await db.NetWorthSnapshots.IgnoreQueryFilters().CountAsync(),
        ["documents"] = await db.Documents.IgnoreQueryFilters().CountAsync(),
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_a_user_removes_everything_the_user_owns_and_nothing_else(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var doomed = await PersistenceTestData.SeedAsync(database, "doomed@example.com");
        await PersistenceTestData.SeedAsync(database, "kept@example.com");
        await using (var db = database.CreateContext(userId: doomed.User.Id))
        {
            // Soft-deleted rows go too: they are only removed for good with their user.
            db.Accounts.Remove(await db.Accounts.SingleAsync(a => a.Id == doomed.Card.Id));
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext(userId: doomed.User.Id))
        {
            db.Users.Remove(await db.Users.SingleAsync());
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext(systemScope: true);
        var counts = await CountRowsAsync(check);
        Assert.Equal(new Dictionary<string, int>
        {
            ["users"] = 1, ["bank_connections"] = 1, ["accounts"] = 2, ["transactions"] = 3, ["budgets"] = 1,
            ["goals"] = 1, ["net_worth_snapshots"] = 1, ["documents"] = 1,
        }, counts);
        Assert.False(await check.Accounts.IgnoreQueryFilters().AnyAsync(a => a.UserId == doomed.User.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Soft_deleted_rows_disappear_from_queries_and_come_back_when_restored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var data = await PersistenceTestData.SeedAsync(database, "soft@example.com");
        var userId = data.User.Id;

        await using (var db = database.CreateContext(userId: userId))
        {
            db.Remove(await db.Budgets.SingleAsync());
            db.Remove(await db.Goals.SingleAsync());
            db.Remove(await db.Documents.SingleAsync());
            db.Remove(await db.Accounts.SingleAsync(a => a.Id == data.Checking.Id));
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext(userId: userId))
        {
            Assert.Empty(await db.Budgets.ToListAsync());
            Assert.Empty(await db.Goals.ToListAsync());
            Assert.Empty(await db.Documents.ToListAsync());
            Assert.Equal([data.Card.Id], await db.Accounts.Select(a => a.Id).ToListAsync());
            // The checking account's transactions vanish with it, from lists and totals alike.
            Assert.Equal(["t3"], await db.Transactions.Select(t => t.TransactionId).ToListAsync());
            Assert.Equal(-99.99m, (await db.Transactions.Select(t => t.Amount).ToListAsync()).Sum());

            // Still in the table, stamped, and visible when the soft-delete filter alone is lifted.
            var hidden = await db.Accounts.IgnoreQueryFilters([QueryFilters.SoftDelete]).SingleAsync(a => a.Id == data.Checking.Id);
            Assert.NotNull(hidden.DeletedAt);
            Assert.Equal(3, await db.Transactions.IgnoreQueryFilters([QueryFilters.SoftDelete]).CountAsync());

            hidden.Restore();
            (await db.Budgets.IgnoreQueryFilters([QueryFilters.SoftDelete]).SingleAsync()).Restore();
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext(userId: userId))
        {
            Assert.Equal(2, await db.Accounts.CountAsync());
            Assert.Equal(3, await db.Transactions.CountAsync());
            Assert.Single(await db.Budgets.ToListAsync());
            Assert.Empty(await db.Goals.ToListAsync());
        }
    }
}
