using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FinInfra.Domain.NetWorth;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>The migrated schema, read back from the engine: the guide's tables, columns, keys, indexes and constraints.</summary>
public sealed class SchemaTests
{
    /// <summary>domain.md's columns per table, plus the extra columns other features rely on.</summary>
    private static readonly Dictionary<string, string[]> GuideColumns = new()
    {
        ["users"] = ["id", "email", "hashed_password", "created_at", "security_stamp"],
        ["refresh_tokens"] = ["id", "user_id", "family_id", "token_hash", "issued_at", "expires_at", "consumed_at", "revoked_at"],
        ["bank_connections"] = ["id", "user_id", "access_token", "item_id", "institution_name", "created_at",
            "provider", "status", "sync_cursor", "last_synced_at", "last_error", "sync_lease_until", "version"],
        ["accounts"] = ["id", "user_id", "connection_id", "account_id", "name", "type", "subtype", "balance", "currency", "updated_at", "deleted_at", "version"],
        ["transactions"] = ["id", "user_id", "account_id", "transaction_id", "amount", "date", "name", "merchant_name", "category", "pending", "created_at"],
        ["budgets"] = ["id", "user_id", "name", "type", "start_date", "end_date", "categories", "created_at", "deleted_at", "version"],
        ["goals"] = ["id", "user_id", "name", "target_amount", "current_amount", "target_date", "priority", "created_at", "deleted_at", "version"],
        ["net_worth_snapshots"] = ["id", "user_id", "snapshot_date", "total_assets", "total_liabilities", "net_worth", "assets_breakdown", "liabilities_breakdown", "created_at"],
        ["documents"] = ["id", "user_id", "filename", "document_type", "file_path", "extracted_data", "created_at",
            "content_type", "size_bytes", "sha256", "deleted_at", "version"],
    };

    private static async Task InspectAsync(DatabaseProvider provider, Func<SchemaReader, Task> inspect)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using var db = database.CreateContext(systemScope: true);
        await inspect(new SchemaReader(db, provider));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Every_guide_column_exists_under_its_name(DatabaseProvider provider) => InspectAsync(provider, async schema =>
    {
        Assert.Equal(SchemaReader.GuideTables, await schema.ApplicationTablesAsync());
        foreach (var (name, columns) in GuideColumns)
        {
            var actual = await schema.ColumnsAsync(name);
            var missing = columns.Where(c => !actual.ContainsKey(c)).ToList();
            Assert.True(missing.Count == 0, $"{name} lacks {string.Join(", ", missing)}");
        }
    });

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Column_types_are_exact(DatabaseProvider provider) => InspectAsync(provider, async schema =>
    {
        (string Table, string Column)[] money =
        [
            ("accounts", "balance"), ("transactions", "amount"), ("goals", "target_amount"), ("goals", "current_amount"),
            ("net_worth_snapshots", "total_assets"), ("net_worth_snapshots", "total_liabilities"), ("net_worth_snapshots", "net_worth"),
        ];
        (string Table, string Column)[] json =
        [
            ("budgets", "categories"), ("net_worth_snapshots", "assets_breakdown"), ("net_worth_snapshots", "liabilities_breakdown"), ("documents", "extracted_data"),
        ];
        foreach (var (table, column) in money)
        {
            var type = (await schema.ColumnsAsync(table))[column];
            if (provider == DatabaseProvider.Postgres)
                Assert.Equal(("numeric", 19, 4), (type.Type, type.Precision ?? 0, type.Scale ?? 0));
            else if (provider == DatabaseProvider.MySql)
                Assert.Equal(("decimal", 19, 4), (type.Type, type.Precision ?? 0, type.Scale ?? 0));
            else
                Assert.Equal("TEXT", type.Type); // exact decimal text, never REAL
        }
        foreach (var (table, column) in json)
        {
            if (provider == DatabaseProvider.MySql)
                Assert.True(await schema.IsMySqlJsonAsync(table, column), $"{table}.{column} is not a JSON column");
            else
                Assert.Equal(provider == DatabaseProvider.Postgres ? "jsonb" : "TEXT", (await schema.ColumnsAsync(table))[column].Type);
        }

        if (provider == DatabaseProvider.MySql)
        {
            var transactions = await schema.ColumnsAsync("transactions");
            Assert.Equal("char", transactions["id"].Type);
            Assert.Equal("date", transactions["date"].Type);
            Assert.Equal("datetime", transactions["created_at"].Type);
            Assert.Equal("tinyint", transactions["pending"].Type);
            // Every text column is utf8mb4 and compares exactly (binary), as on the other engines.
            foreach (var table in SchemaReader.GuideTables)
                foreach (var text in (await schema.ColumnsAsync(table)).Values.Where(c => c.Collation is not null))
                    Assert.True(text.Collation == "utf8mb4_bin", $"{table}.{text.Name} has collation {text.Collation}");
        }

        if (provider == DatabaseProvider.Postgres)
        {
            var transactions = await schema.ColumnsAsync("transactions");
            Assert.Equal("uuid", transactions["id"].Type);
            Assert.Equal("date", transactions["date"].Type);
            Assert.Equal("timestamp with time zone", transactions["created_at"].Type);
            Assert.Equal("boolean", transactions["pending"].Type);
        }
    });

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Guide_defaults_are_in_the_schema(DatabaseProvider provider) => InspectAsync(provider, async schema =>
    {
        Assert.Contains("USD", (await schema.ColumnsAsync("accounts"))["currency"].Default);
        Assert.Matches("(?i)false|0", (await schema.ColumnsAsync("transactions"))["pending"].Default);
        Assert.StartsWith("0", (await schema.ColumnsAsync("goals"))["current_amount"].Default?.Trim('\'', '(') ?? "");
    });

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Foreign_keys_cascade_on_delete(DatabaseProvider provider) => InspectAsync(provider, async schema =>
    {
        var expected = new Dictionary<string, (string Column, string Table)[]>
        {
            ["bank_connections"] = [("user_id", "users")],
            ["accounts"] = [("user_id", "users"), ("connection_id", "bank_connections")],
            ["transactions"] = [("user_id", "users"), ("account_id", "accounts")],
            ["budgets"] = [("user_id", "users")],
            ["goals"] = [("user_id", "users")],
            ["net_worth_snapshots"] = [("user_id", "users")],
            ["documents"] = [("user_id", "users")],
            ["refresh_tokens"] = [("user_id", "users")],
            ["idempotency_keys"] = [("user_id", "users")],
        };
        foreach (var (table, keys) in expected)
        {
            var actual = await schema.ForeignKeysAsync(table);
            foreach (var (column, referenced) in keys)
            {
                var key = Assert.Single(actual, k => k.Column == column);
                Assert.Equal(referenced, key.ReferencedTable);
                Assert.Equal("CASCADE", key.OnDelete.ToUpperInvariant());
            }
        }
    });

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Guide_indexes_and_uniqueness_constraints_exist(DatabaseProvider provider) => InspectAsync(provider, async schema =>
    {

        async Task Has(string table, string name, bool unique, params string[] columns)
        {
            var index = Assert.Single(await schema.IndexesAsync(table), i => i.Name == name);
            Assert.Equal(unique, index.Unique);
            Assert.Equal(columns, index.Columns);
        }

        await Has("transactions", "ix_transactions_user_date_id", false, "user_id", "date", "id");
        await Has("transactions", "ix_transactions_account", false, "account_id");
        await Has("transactions", "ux_transactions_account_transaction", true, "account_id", "transaction_id");
        await Has("accounts", "ux_accounts_connection_account", true, "connection_id", "account_id");
        await Has("bank_connections", "ux_bank_connections_provider_item", true, "provider", "item_id");
        await Has("net_worth_snapshots", "ux_net_worth_snapshots_user_date_currency", true, "user_id", "snapshot_date", "currency");
        await Has("users", "ux_users_email", true, "email");
    });

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Email_is_unique_ignoring_case(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using (var db = database.CreateContext(systemScope: true))
        {
            db.Users.Add(User.Register(Email.Create("Ada@Example.com"), "h$1"));
            await db.SaveChangesAsync();
        }
        await using (var db = database.CreateContext(systemScope: true))
        {
            db.Users.Add(User.Register(Email.Create("ada@EXAMPLE.COM"), "h$2"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Imports_cannot_duplicate_accounts_transactions_connections_or_snapshots(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var data = await PersistenceTestData.SeedAsync(database, "dup@example.com");
        var protector = PersistenceTestData.Protector();
        var userId = data.User.Id;
        object[] duplicates =
        [
            Account.FromProvider(userId, data.Connection.Id, "acc-checking", "Again", AccountType.Depository, null, 1m, CurrencyCode.Usd),
            Transaction.Record(userId, data.Checking.Id, "t1", -1m, new DateOnly(2026, 3, 16), "Again", null, null, false),
            BankConnection.Connect(userId, BankProvider.Sandbox, data.Connection.ItemId, "Again", "token", protector),
            NetWorthSnapshot.Take(userId, data.Snapshot.SnapshotDate, CurrencyCode.Usd, new Dictionary<string, decimal>(), new Dictionary<string, decimal>()),
        ];
        foreach (var duplicate in duplicates)
        {
            await using var db = database.CreateContext(systemScope: true);
            db.Add(duplicate);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using (var db = database.CreateContext(systemScope: true))
        {
            // The same provider ids are fine on another connection / account / day.
            db.Add(Transaction.Record(userId, data.Card.Id, "t1", -1m, new DateOnly(2026, 3, 16), "Other account", null, null, false));
            db.Add(BankConnection.Connect(userId, BankProvider.Plaid, data.Connection.ItemId, "Other provider", "token", protector));
            await db.SaveChangesAsync();
        }
    }
}
