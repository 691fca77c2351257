using FinInfra.Domain.Budgets;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Integration.Tests.Persistence;

public sealed class SmokeTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrated_database_stores_and_reads_a_user(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var user = User.Register(Email.Create("Ada@Example.com"), "pbkdf2-sha256$1$salt$hash");
        await using (var db = database.CreateContext(systemScope: true))
        {
            db.Users.Add(user);
            await db.SaveChangesAsync();
        }
        await using (var db = database.CreateContext(userId: user.Id))
        {
            var loaded = await db.Users.SingleAsync();
            Assert.Equal("ada@example.com", loaded.Email.Value);
            Assert.NotEqual(default, loaded.CreatedAt);
        }
    }

    /// <summary>Four-byte characters (utf8mb4 on MySQL/MariaDB), exact money at the column's limits, and JSON keys survive.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Emoji_exact_money_and_json_survive_a_round_trip(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var data = await PersistenceTestData.SeedAsync(database, "emoji@example.com");
        const string merchant = "Café ☕ 🍕 Ünïcødé 日本";
        var biggest = 999_999_999_999_999.9999m;
        await using (var db = database.CreateContext(systemScope: true))
        {
            db.AddRange(
                Transaction.Record(data.User.Id, data.Checking.Id, "emoji", -0.0001m, new DateOnly(2026, 3, 16), "Pizza 🍕", merchant, "Food 🍔", false),
                Transaction.Record(data.User.Id, data.Checking.Id, "EMOJI", biggest, new DateOnly(2026, 3, 16), "Big", null, null, false));
            db.Add(Budget.Create(data.User.Id, "Treats 🎉", BudgetType.Monthly, new DateOnly(2026, 3, 1), null, new Dictionary<string, decimal> { ["Snacks 🍪"] = 12.3456m }));
            await db.SaveChangesAsync();
        }
        await using (var db = database.CreateContext(systemScope: true))
        {
            var stored = await db.Transactions.Where(t => t.TransactionId == "emoji" || t.TransactionId == "EMOJI").OrderBy(t => t.Amount).ToListAsync();
            Assert.Equal([-0.0001m, biggest], stored.Select(t => t.Amount));
            Assert.Equal(merchant, stored[0].MerchantName);
            Assert.Equal(("Pizza 🍕", "Food 🍔"), (stored[0].Name, stored[0].Category));
            Assert.Single(await db.Transactions.Where(t => t.MerchantName == merchant).ToListAsync());
            var budget = await db.Budgets.SingleAsync(b => b.Name == "Treats 🎉");
            Assert.Equal(12.3456m, budget.Categories["Snacks 🍪"]);
        }
    }
}
