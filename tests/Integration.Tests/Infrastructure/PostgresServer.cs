using Npgsql;

namespace FinInfra.Integration.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL for the test run: a fresh cluster from the machine's PostgreSQL binaries
/// (initdb + pg_ctl, trust auth, fsync off, a free port on 127.0.0.1), started once per test process and
/// removed when it exits. Set <c>FININFRA_TEST_POSTGRES</c> to a connection string to use an existing server
/// instead. There is no skip: without PostgreSQL the PostgreSQL tests fail, loudly.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>A connection string to the server's maintenance database.</summary>
    public static Task<string> AdminConnectionStringAsync() => Server.Value;

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static Task<string> CreateDatabaseAsync(string prefix = "fininfra_test") => CreateDatabaseAsync(Server.Value, prefix);

    /// <summary>Creates an empty database with a unique name on the server at <paramref name="adminConnectionString"/>.</summary>
    public static async Task<string> CreateDatabaseAsync(Task<string> adminConnectionString, string prefix = "fininfra_test")
    {
        var admin = await adminConnectionString;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        // As the service's SQL_URL connects (DatabaseSettings): a pooled connection is not reset on the server, so what a
        // request leaves on its connection (a temporary table) reaches the next request here as it would in production.
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true, MaxPoolSize = 40, NoResetOnClose = true }.ConnectionString;
    }

    /// <summary>A connection string naming a database that does not exist yet (for setup-and-migrate tests).</summary>
    public static async Task<string> MissingDatabaseAsync(string prefix = "fininfra_missing") =>
        new NpgsqlConnectionStringBuilder(await AdminConnectionStringAsync()) { Database = $"{prefix}_{Guid.NewGuid():N}"[..40] }.ConnectionString;

    private static async Task<string> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("FININFRA_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external)) return external;

        var cluster = await PostgresCluster.StartNewAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return cluster.AdminConnectionString;
    }
}
