using FinInfra.Domain.Transactions;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FinInfra.Integration.Tests.Persistence;

public sealed class MigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_migrations_match_the_model_exactly(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        await using var db = database.CreateContext(systemScope: true);
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} model has changes no migration captures; add a migration to both sets.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrations_go_down_to_base_and_back_up_to_head(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        await PersistenceTestData.SeedAsync(database, "migrate@example.com");
        await using (var db = database.CreateContext(systemScope: true))
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(Migration.InitialDatabase);
            Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
            Assert.Empty(await new SchemaReader(db, provider).ApplicationTablesAsync());

            await migrator.MigrateAsync();
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(SchemaReader.GuideTables, await new SchemaReader(db, provider).ApplicationTablesAsync());
        }

        // Back up means usable: the data went with the tables, and new rows fit again.
        await PersistenceTestData.SeedAsync(database, "migrate@example.com");
    }

    /// <summary>
    /// A database at InitialSchema, with rows written as that version wrote them (raw SQL: today's model has more
    /// columns), upgrades to head without losing a row, and the new columns get sensible values: kind standard, the
    /// transaction's currency from its account, what the source said = what the row says, rows of manual accounts marked
    /// as the user's own imports, and the Unicode category key backfilled ("CAFÉ" and "Cafe\u0301" both key "café").
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_database_at_the_initial_schema_upgrades_with_its_rows_and_sensible_new_values(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        var (userId, manualConnection, plaidConnection, cash, euroCard) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var now = DateTime.UtcNow;
        var json = provider == DatabaseProvider.Postgres ? "::jsonb" : "";
        await using (var db = database.CreateContext(systemScope: true))
        {
            var migrator = db.GetService<IMigrator>();
            var initial = db.Database.GetMigrations().First();
            Assert.EndsWith("_InitialSchema", initial);
            await migrator.MigrateAsync(initial);

            async Task Sql(string sql, params object[] values) => await db.Database.ExecuteSqlRawAsync(sql, values);
            await Sql("INSERT INTO users (id, email, hashed_password, created_at, updated_at) VALUES ({0}, 'old@example.com', 'pbkdf2$1$s$h', {1}, {1})", userId, now);
            await Sql("INSERT INTO bank_connections (id, user_id, provider, item_id, institution_name, status, created_at, updated_at, version) VALUES ({0}, {1}, 'manual', 'manual-1', 'Cash', 'active', {2}, {2}, 0)", manualConnection, userId, now);
            await Sql("INSERT INTO bank_connections (id, user_id, provider, item_id, institution_name, status, created_at, updated_at, version) VALUES ({0}, {1}, 'plaid', 'item-1', 'Bank', 'active', {2}, {2}, 0)", plaidConnection, userId, now);
            await Sql("INSERT INTO accounts (id, connection_id, account_id, name, type, subtype, balance, currency, is_manual, user_id, created_at, updated_at, version) VALUES ({0}, {1}, 'cash', 'Cash', 'depository', 'checking', {2}, 'USD', {3}, {4}, {5}, {5}, 0)", cash, manualConnection, 10.5m, true, userId, now);
            await Sql("INSERT INTO accounts (id, connection_id, account_id, name, type, subtype, balance, currency, is_manual, user_id, created_at, updated_at, version) VALUES ({0}, {1}, 'card', 'Card', 'credit', 'credit card', {2}, 'EUR', {3}, {4}, {5}, {5}, 0)", euroCard, plaidConnection, 99m, false, userId, now);
            var rows = new (Guid Account, string Id, decimal Amount, string? Category)[] { (cash, "t1", -4.5m, "CAFÉ"), (cash, "t2", 3000m, null), (euroCard, "t3", -20m, "Cafe\u0301"), (euroCard, "t4", -7m, "Food") };
            foreach (var (account, id, amount, category) in rows)
                await Sql("INSERT INTO transactions (id, user_id, account_id, transaction_id, amount, date, name, merchant_name, category, pending, created_at, updated_at) VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, NULL, "
                    + (category is null ? "NULL" : "{9}") + ", {7}, {8}, {8})", Guid.NewGuid(), userId, account, id, amount, new DateOnly(2026, 3, 1), "Row " + id, false, now, category ?? "");
            await Sql($"INSERT INTO net_worth_snapshots (id, user_id, snapshot_date, total_assets, total_liabilities, net_worth, currency, assets_breakdown, liabilities_breakdown, excluded_account_ids, created_at, updated_at) VALUES ({{0}}, {{1}}, {{2}}, 10.5, 0, 10.5, 'USD', '{{{{\"depository\":10.5}}}}'{json}, '{{{{}}}}'{json}, '[]'{json}, {{3}}, {{3}})",
                Guid.NewGuid(), userId, new DateOnly(2026, 3, 1), now);

            await migrator.MigrateAsync();
            Assert.Equal(3, await DatabasePreparation.BackfillCategoryKeysAsync(db));
        }

        await using var read = database.CreateContext(systemScope: true);
        var transactions = await read.Transactions.IgnoreQueryFilters().OrderBy(t => t.TransactionId).ToListAsync();
        Assert.Equal(["t1", "t2", "t3", "t4"], transactions.Select(t => t.TransactionId));
        Assert.All(transactions, t => Assert.Equal((TransactionKind.Standard, TransactionKind.Standard, EditableField.None, t.Name, t.Category), (t.Kind, t.SourceKind, t.EditedFields, t.SourceName, t.SourceCategory)));
        Assert.Equal(["USD", "USD", "EUR", "EUR"], transactions.Select(t => t.Currency.Value));
        Assert.Equal([TransactionSource.Import, TransactionSource.Import, TransactionSource.Provider, TransactionSource.Provider], transactions.Select(t => t.Source));
        Assert.Equal(["café", null, "café", "food"], transactions.Select(t => t.CategoryKey));
        var user = await read.Users.SingleAsync();
        Assert.Equal("USD", user.BaseCurrency.Value);
        var accounts = await read.Accounts.IgnoreQueryFilters().OrderBy(a => a.AccountId).ToListAsync();
        Assert.Equal([("card", 99m, "EUR", false), ("cash", 10.5m, "USD", false)], accounts.Select(a => (a.AccountId, a.Balance, a.Currency.Value, a.IsClosed)));
        var snapshot = await read.NetWorthSnapshots.SingleAsync();
        Assert.Equal((10.5m, "USD"), (snapshot.NetWorth, snapshot.Currency.Value));
        Assert.Equal(2, await read.BankConnections.CountAsync());
        Assert.Equal(0, await DatabasePreparation.BackfillCategoryKeysAsync(read));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Upgrading_to_sessions_keeps_users_and_gives_each_a_stamp_of_its_own(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        await using var db = database.CreateContext(systemScope: true);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("InitialSchema");
        var ids = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() };
        foreach (var id in ids)
            await db.Database.ExecuteSqlAsync($"INSERT INTO users (id, email, hashed_password, created_at, updated_at) VALUES ({id}, {$"u{id:N}@example.com"}, {"pbkdf2-sha256$1$c2FsdA==$aGFzaA=="}, {DateTime.UtcNow}, {DateTime.UtcNow})");

        await migrator.MigrateAsync();

        var users = await db.Users.AsNoTracking().ToListAsync();
        Assert.Equal(ids.Order(), users.Select(u => u.Id).Order());
        Assert.All(users, u => Assert.Matches("^[0-9a-f]{32}$", u.SecurityStamp));
        Assert.NotEqual(users[0].SecurityStamp, users[1].SecurityStamp);
    }
}
