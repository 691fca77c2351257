using FinInfra.Api;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Cli;
using FinInfra.Infrastructure.Security;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>The <c>db</c> commands, run in-process through the same host entry point the executable uses.</summary>
public sealed class DbCommandTests
{
    private static readonly string KeyOne = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly string KeyTwo = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray());

    private sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static Dictionary<string, string?> Using(DatabaseSettings settings) => new()
    {
        ["ConnectionStrings:Default"] = settings.ConnectionString,
        ["Database:Provider"] = settings.Provider.ToString(),
        ["Encryption:Keys:k1"] = KeyOne,
    };

    private static async Task<Result> RunAsync(IDictionary<string, string?> configuration, string environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DbCommandHost.RunAsync(args, output, error, builder =>
        {
            builder.Environment.EnvironmentName = environment;
            builder.Configuration.AddInMemoryCollection(configuration);
        });
        return new Result(exitCode, output.ToString(), error.ToString());
    }

    private static Task<Result> RunAsync(TestDatabase database, params string[] args) => RunAsync(Using(database.Settings), Environments.Development, args);

    private static async Task<IReadOnlyList<string>> TablesAsync(TestDatabase database)
    {
        await using var db = database.CreateContext(systemScope: true);
        return await new SchemaReader(db, database.Provider).ApplicationTablesAsync();
    }

    private static void AssertOneLineError(Result result, int exitCode = DatabaseCommandLine.Failed)
    {
        Assert.Equal(exitCode, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Upgrade_downgrade_current_and_history_tell_the_truth_at_every_step(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        List<string> all;
        await using (var db = database.CreateContext(systemScope: true)) all = [.. db.Database.GetMigrations()];
        var head = all[^1];
        var name = head[(head.IndexOf('_') + 1)..];

        async Task AtBase()
        {
            Assert.Equal("base (no migration applied)", (await RunAsync(database, "current")).Output.Trim());
            Assert.Contains($"{head}  pending (head)", (await RunAsync(database, "history")).Lines);
            Assert.Empty(await TablesAsync(database));
        }

        async Task AtHead()
        {
            Assert.Equal($"{head} (head)", (await RunAsync(database, "current")).Output.Trim());
            Assert.Contains($"{head}  applied (current) (head)", (await RunAsync(database, "history")).Lines);
            Assert.Equal(SchemaReader.GuideTables, await TablesAsync(database));
        }

        await AtBase();

        var upgrade = await RunAsync(database, "upgrade", "head");
        Assert.Equal(0, upgrade.ExitCode);
        Assert.Contains($"Applied {all.Count} migration(s)", upgrade.Output);
        await AtHead();
        Assert.Contains("nothing to apply", (await RunAsync(database, "upgrade")).Output);

        Assert.Contains($"Reverted 1 migration(s)", (await RunAsync(database, "downgrade", "-1")).Output);
        if (all.Count > 1) Assert.Equal(all[^2], (await RunAsync(database, "current")).Output.Trim());
        else await AtBase();

        Assert.Equal(0, (await RunAsync(database, "upgrade", name)).ExitCode);
        await AtHead();

        Assert.Equal(0, (await RunAsync(database, "downgrade", "base")).ExitCode);
        await AtBase();
        Assert.Contains("nothing to revert", (await RunAsync(database, "downgrade", "base")).Output);

        Assert.Equal(0, (await RunAsync(database, "upgrade")).ExitCode);
        await AtHead();
        Assert.Contains("nothing to revert", (await RunAsync(database, "downgrade", head)).Output);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Impossible_targets_are_refused_with_one_line(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        int applied;
        await using (var db = database.CreateContext(systemScope: true)) applied = db.Database.GetMigrations().Count();
        AssertOneLineError(await RunAsync(database, "downgrade", $"-{applied + 1}"));
        AssertOneLineError(await RunAsync(database, "upgrade", "NoSuchMigration"));
        AssertOneLineError(await RunAsync(database, "downgrade", "nonsense"));
        AssertOneLineError(await RunAsync(database, "downgrade"), DatabaseCommandLine.UsageError);
        AssertOneLineError(await RunAsync(database, "frobnicate"), DatabaseCommandLine.UsageError);
        Assert.Equal(SchemaReader.GuideTables, await TablesAsync(database));
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var result = await RunAsync(new Dictionary<string, string?>(), Environments.Development, "help");
        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "upgrade", "downgrade", "current", "history", "setup-and-migrate", "create-tables", "seed", "reset", "rotate-keys" })
            Assert.Contains($"  {command}", result.Output);
    }

    [Fact]
    public async Task Setup_and_migrate_creates_a_missing_Postgres_database_then_upgrades()
    {
        var missing = await PostgresServer.MissingDatabaseAsync();
        var settings = new DatabaseSettings(DatabaseProvider.Postgres, missing);
        var before = await RunAsync(Using(settings), Environments.Production, "current");
        Assert.Equal(0, before.ExitCode);
        Assert.Contains("does not exist yet", before.Output);

        var result = await RunAsync(Using(settings), Environments.Production, "setup-and-migrate");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Created database", result.Output);
        Assert.Contains("(head)", result.Output);
        await using var connection = new NpgsqlConnection(missing);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'transactions'", connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync());

        var again = await RunAsync(Using(settings), Environments.Production, "setup-and-migrate");
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("Created database", again.Output);
        Assert.Contains("nothing to apply", again.Output);
        Assert.DoesNotContain("does not exist", (await RunAsync(Using(settings), Environments.Production, "current")).Output);
    }

    [Fact]
    public async Task Setup_and_migrate_on_Sqlite_creates_the_folder_and_upgrades()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"fininfra-{Guid.NewGuid():N}", "nested");
        try
        {
            var result = await RunAsync(new Dictionary<string, string?> { ["SQL_URL"] = $"sqlite:///{folder}/app.db", ["Encryption:Keys:k1"] = KeyOne },
                Environments.Production, "setup-and-migrate");
            Assert.Equal(0, result.ExitCode);
            Assert.True(File.Exists(Path.Combine(folder, "app.db")));
            Assert.Contains("(head)", result.Output);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reset_is_refused_outside_Development_unless_forced(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        await PersistenceTestData.SeedAsync(database, "keep@example.com");

        var refused = await RunAsync(Using(database.Settings), Environments.Production, "reset");
        AssertOneLineError(refused);
        Assert.Contains("--force", refused.Error);
        await using (var db = database.CreateContext(systemScope: true)) Assert.Equal(1, await db.Users.CountAsync());

        var forced = await RunAsync(Using(database.Settings), Environments.Production, "reset", "--force");
        Assert.Equal(0, forced.ExitCode);
        await using (var db = database.CreateContext(systemScope: true))
        {
            Assert.Equal(0, await db.Users.CountAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        }

        Assert.Equal(0, (await RunAsync(database, "reset")).ExitCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Seed_creates_the_demo_user_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var first = await RunAsync(database, "seed");
        Assert.Equal(0, first.ExitCode);
        Assert.Contains(DemoData.Email, first.Output);
        var second = await RunAsync(database, "seed");
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("nothing seeded", second.Output);

        await using var db = database.CreateContext(systemScope: true);
        var user = await db.Users.SingleAsync();
        Assert.Equal(DemoData.Email, user.Email.Value);
        Assert.True(new Pbkdf2PasswordHasher().Verify(DemoData.Password, user.HashedPassword));
        Assert.Equal(5, await db.Accounts.CountAsync());
        Assert.Equal(4, (await db.Accounts.Select(a => a.Type).Distinct().ToListAsync()).Count);
        Assert.True(await db.Transactions.CountAsync() >= 5);
        Assert.Equal(1, await db.Budgets.CountAsync());
        Assert.Equal(1, await db.Goals.CountAsync());
        Assert.Equal(1, await db.Documents.CountAsync());
        var snapshot = await db.NetWorthSnapshots.SingleAsync();
        var balances = await db.Accounts.Select(a => new { a.Type, a.Balance }).ToListAsync();
        Assert.Equal(balances.Sum(a => Account.Classify(a.Type) == AccountClassification.Asset ? a.Balance : -a.Balance), snapshot.NetWorth);

        AssertOneLineError(await RunAsync(Using(database.Settings), Environments.Production, "seed"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rotate_keys_reseals_every_token_under_the_active_key(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var oldKey = new EncryptionKeyRing(new Dictionary<string, byte[]> { ["k1"] = Convert.FromBase64String(KeyOne) }, "k1");
        var ada = await PersistenceTestData.SeedAsync(database, "ada@example.com", new AesGcmSecretProtector(oldKey));
        var bob = await PersistenceTestData.SeedAsync(database, "bob@example.com", new AesGcmSecretProtector(oldKey));
        await using (var db = database.CreateContext(userId: bob.User.Id))
        {
            (await db.BankConnections.SingleAsync()).Disconnect(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        var rotated = Using(database.Settings);
        rotated["Encryption:Keys:k2"] = KeyTwo;
        rotated["Encryption:ActiveKeyId"] = "k2";
        var result = await RunAsync(rotated, Environments.Production, "rotate-keys");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Re-encrypted 1 of 1 token(s)", result.Output);
        Assert.Contains("Re-encrypted 0 of 1 token(s)", (await RunAsync(rotated, Environments.Production, "rotate-keys")).Output);

        var newKeyOnly = new AesGcmSecretProtector(new EncryptionKeyRing(new Dictionary<string, byte[]> { ["k2"] = Convert.FromBase64String(KeyTwo) }, "k2"));
        await using var check = database.CreateContext(userId: ada.User.Id);
        var connection = await check.BankConnections.SingleAsync();
        Assert.StartsWith("v2:k2:", connection.AccessToken!.StoredValue);
        Assert.Equal(PersistenceTestData.PlainToken, connection.RevealAccessToken(newKeyOnly));
        Assert.Equal(ConnectionStatus.Active, connection.Status);
    }

    [Fact]
    public async Task Create_tables_builds_the_schema_without_migration_history()
    {
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite);
        var result = await RunAsync(database, "create-tables");
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Equal(SchemaReader.GuideTables, await TablesAsync(database));
        Assert.Equal("base (no migration applied)", (await RunAsync(database, "current")).Output.Trim());
        Assert.Contains("nothing created", (await RunAsync(database, "create-tables")).Output);
    }

    [Theory]
    [InlineData("oracle://root@localhost/db")]
    [InlineData("mysql:///db")]
    [InlineData("sqlite://")]
    [InlineData("not a url")]
    [InlineData("postgresql://user:pw@/db")]
    public async Task A_bad_url_gets_one_line_and_a_non_zero_exit(string url)
    {
        var result = await RunAsync(new Dictionary<string, string?> { ["SQL_URL"] = url, ["Encryption:Keys:k1"] = KeyOne }, Environments.Development, "current");
        AssertOneLineError(result);
        Assert.Contains("SQL_URL", result.Error);
    }

    [Fact]
    public async Task An_unreachable_Postgres_server_gets_one_line_without_the_password()
    {
        var result = await RunAsync(new Dictionary<string, string?>
        {
            ["SQL_URL"] = "postgresql+asyncpg://fininfra:s3cret-pw@127.0.0.1:1/fininfra?connect_timeout=2",
            ["Encryption:Keys:k1"] = KeyOne,
        }, Environments.Development, "upgrade", "head");
        AssertOneLineError(result);
        Assert.Contains("127.0.0.1:1", result.Error);
        Assert.DoesNotContain("s3cret-pw", result.Error);
    }

    [Fact]
    public async Task Outside_Development_a_missing_key_is_one_line()
    {
        var result = await RunAsync(new Dictionary<string, string?> { ["SQL_URL"] = "sqlite:///never-created.db" }, Environments.Production, "current");
        AssertOneLineError(result);
        Assert.Contains("encryption key", result.Error);
    }
}
