using FinInfra.Domain.Budgets;
using FinInfra.Domain.Goals;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>The Owner filter scopes every read to the current user; the interceptor refuses writes to anyone else's rows.</summary>
public sealed class OwnershipTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_user_sees_only_their_own_rows(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var ada = await PersistenceTestData.SeedAsync(database, "ada@example.com");
        var bob = await PersistenceTestData.SeedAsync(database, "bob@example.com");

        await using var db = database.CreateContext(userId: ada.User.Id);
        Assert.Equal([ada.User.Id], await db.Users.Select(u => u.Id).ToListAsync());
        Assert.All(await db.BankConnections.ToListAsync(), c => Assert.Equal(ada.User.Id, c.UserId));
        Assert.Equal(2, await db.Accounts.CountAsync());
        Assert.Equal(3, await db.Transactions.CountAsync());
        Assert.Single(await db.Budgets.ToListAsync());
        Assert.Single(await db.Goals.ToListAsync());
        Assert.Single(await db.NetWorthSnapshots.ToListAsync());
        Assert.Single(await db.Documents.ToListAsync());
        Assert.Null(await db.Accounts.FirstOrDefaultAsync(a => a.Id == bob.Checking.Id));
        Assert.Null(await db.Users.FirstOrDefaultAsync(u => u.Id == bob.User.Id));

        // Lifting only the soft-delete filter never lifts ownership.
        Assert.Equal(2, await db.Accounts.IgnoreQueryFilters([QueryFilters.SoftDelete]).CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_system_scope_begun_on_a_users_context_sees_everyone_and_ending_it_scopes_again(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var ada = await PersistenceTestData.SeedAsync(database, "ada@example.com");
        await PersistenceTestData.SeedAsync(database, "bob@example.com");

        await using var db = database.CreateContext(userId: ada.User.Id);
        // The same query text, before, during and after: the system shape is compiled and cached apart from the user's.
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(3, await db.Transactions.CountAsync());
            using (db.Scope.BeginSystemScope())
            {
                Assert.Equal(6, await db.Transactions.CountAsync());
                Assert.Equal(2, await db.Users.CountAsync());
                Assert.Equal(6, await db.Transactions.Where(t => db.Accounts.Any(a => a.Id == t.AccountId)).CountAsync());
            }
            Assert.Equal(3, await db.Transactions.Where(t => db.Accounts.Any(a => a.Id == t.AccountId)).CountAsync());
            Assert.Equal([ada.User.Id], await db.Users.Select(u => u.Id).ToListAsync());
        }
        // Lifting the soft-delete filter in a system scope keeps the owner filter lifted too, and never the reverse in a user's.
        using (db.Scope.BeginSystemScope()) Assert.Equal(4, await db.Accounts.IgnoreQueryFilters([QueryFilters.SoftDelete]).CountAsync());
        Assert.Equal(2, await db.Accounts.IgnoreQueryFilters([QueryFilters.SoftDelete]).CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Nobody_signed_in_sees_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        await PersistenceTestData.SeedAsync(database, "ada@example.com");
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.Transactions.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Writing_another_users_row_is_refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var ada = await PersistenceTestData.SeedAsync(database, "ada@example.com");
        var bob = await PersistenceTestData.SeedAsync(database, "bob@example.com");

        await using (var db = database.CreateContext(userId: ada.User.Id))
        {
            db.Add(Goal.Create(bob.User.Id, "Planted", 10m, 0m, new DateOnly(2027, 1, 1), GoalPriority.Low));
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = database.CreateContext(userId: ada.User.Id))
        {
            var stolen = Budget.Create(bob.User.Id, "x", BudgetType.Monthly, new DateOnly(2026, 1, 1), null, new Dictionary<string, decimal> { ["A"] = 1m });
            db.Attach(stolen).State = EntityState.Modified;
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = database.CreateContext(userId: ada.User.Id))
        {
            db.Attach(bob.Transactions[0]).State = EntityState.Deleted;
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using var check = database.CreateContext(userId: bob.User.Id);
        Assert.Equal(3, await check.Transactions.CountAsync());
        Assert.Single(await check.Goals.ToListAsync());
        Assert.Equal("Monthly", (await check.Budgets.SingleAsync()).Name);
    }
}
