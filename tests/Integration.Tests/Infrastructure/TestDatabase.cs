using FinInfra.Application.Common.Abstractions;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Engines;
using FinInfra.Infrastructure.Persistence.Interceptors;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Integration.Tests.Infrastructure;

/// <summary>
/// One empty, migrated database on a real engine: a temp-file SQLite database, or a fresh database on the throwaway
/// PostgreSQL or MariaDB server. Tests that must hold on every engine take <see cref="Providers"/> as theory data.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(DatabaseSettings settings, string? sqliteFile)
    {
        Settings = settings;
        _sqliteFile = sqliteFile;
    }

    private readonly string? _sqliteFile;

    public DatabaseSettings Settings { get; }

    public DatabaseProvider Provider => Settings.Provider;

    /// <summary>Every engine a test can run on here (SQL Server has no server on this machine; see SqlServerScriptTests).</summary>
    public static IEnumerable<object[]> Providers => [[DatabaseProvider.Sqlite], [DatabaseProvider.Postgres], [DatabaseProvider.MySql]];

    public DatabaseEngine Engine => DatabaseEngines.For(Provider);

    /// <summary>An empty database with no tables (migrate it yourself).</summary>
    public static async Task<TestDatabase> CreateEmptyAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"fininfra-test-{Guid.NewGuid():N}.db");
            return new TestDatabase(DatabaseSettings.FromUrl($"sqlite:///{file}"), file);
        }
        return provider switch
        {
            DatabaseProvider.Postgres => new TestDatabase(new DatabaseSettings(provider, await PostgresServer.CreateDatabaseAsync()), null),
            DatabaseProvider.MySql => new TestDatabase(new DatabaseSettings(provider, await MariaDbServer.CreateDatabaseAsync()), null),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "No server for this engine runs here."),
        };
    }

    /// <summary>A database with every migration applied.</summary>
    public static async Task<TestDatabase> CreateMigratedAsync(DatabaseProvider provider) => await MigrateAsync(await CreateEmptyAsync(provider));

    /// <summary>A migrated PostgreSQL database on a server of the test's own (one it may stop and start).</summary>
    public static async Task<TestDatabase> CreateMigratedOnAsync(PostgresCluster server) =>
        await MigrateAsync(new TestDatabase(new DatabaseSettings(DatabaseProvider.Postgres,
            await PostgresServer.CreateDatabaseAsync(Task.FromResult(server.AdminConnectionString))), null));

    private static async Task<TestDatabase> MigrateAsync(TestDatabase database)
    {
        await using var db = database.CreateContext(systemScope: true);
        await DatabasePreparation.ConfigureSqliteAsync(db);
        await db.Database.MigrateAsync();
        await DatabasePreparation.BackfillCategoryKeysAsync(db);
        return database;
    }

    /// <summary>A context outside the service container, scoped to <paramref name="userId"/> or to the system.</summary>
    public AppDbContext CreateContext(Guid? userId = null, bool systemScope = false, TimeProvider? clock = null)
    {
        var scope = new DataScope(new FixedUser(userId));
        if (systemScope) scope.BeginSystemScope();
        return Engine.CreateContext(Settings.ConnectionString, scope, new AuditingInterceptor(clock ?? TimeProvider.System));
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is null)
        {
            ClearServerPool();
            return;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(_sqliteFile + suffix); } catch (IOException) { }
        }
        await Task.CompletedTask;
    }

    /// <summary>
    /// Closes this database's idle pooled connections. A pool otherwise keeps them for minutes (MySql.Data prunes idle
    /// connections after 3, Npgsql after 5), longer than the suite's MariaDB phase: the idle connections of a few hundred
    /// finished tests' databases add up against the server's connection limit (500 on the test MariaDB, and a refused
    /// connection there is a 503 in the test that needed it). Each driver's connection type has a static
    /// <c>ClearPool(connection)</c>; the MySQL driver is loaded by name (ADR 0010), so it is found by reflection.
    /// </summary>
    private void ClearServerPool()
    {
        using var connection = Engine.ConnectionFactory.CreateConnection();
        if (connection is null) return;
        connection.ConnectionString = Settings.ConnectionString;
        connection.GetType().GetMethod("ClearPool", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static, [connection.GetType()])
            ?.Invoke(null, [connection]);
    }

    public sealed class FixedUser(Guid? userId) : ICurrentUser
    {
        public Guid? UserId => userId;
    }
}
