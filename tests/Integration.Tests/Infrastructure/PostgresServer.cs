using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
    private static string? _dataDirectory;
    private static string? _binDirectory;

    /// <summary>A connection string to the server's maintenance database.</summary>
    public static Task<string> AdminConnectionStringAsync() => Server.Value;

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "fininfra_test")
    {
        var admin = await AdminConnectionStringAsync();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true, MaxPoolSize = 40 }.ConnectionString;
    }

    /// <summary>A connection string naming a database that does not exist yet (for setup-and-migrate tests).</summary>
    public static async Task<string> MissingDatabaseAsync(string prefix = "fininfra_missing") =>
        new NpgsqlConnectionStringBuilder(await AdminConnectionStringAsync()) { Database = $"{prefix}_{Guid.NewGuid():N}"[..40] }.ConnectionString;

    private static async Task<string> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("FININFRA_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external)) return external;

        _binDirectory = FindBinaries();
        _dataDirectory = Directory.CreateTempSubdirectory("fininfra-pg-").FullName;
        var runAsPostgres = Environment.UserName == "root";
        if (runAsPostgres) Run("chown", ["-R", "postgres:postgres", _dataDirectory]);

        Exec(runAsPostgres, "initdb", ["-D", Path.Combine(_dataDirectory, "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
        var port = FreePort();
        var options = $"-p {port} -k {_dataDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        Exec(runAsPostgres, "pg_ctl", ["-D", Path.Combine(_dataDirectory, "data"), "-o", options, "-l", Path.Combine(_dataDirectory, "server.log"), "-w", "-t", "60", "start"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(runAsPostgres);

        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Pooling = false,
        }.ConnectionString;
        await using var probe = new NpgsqlConnection(connectionString);
        await probe.OpenAsync();
        return connectionString;
    }

    private static void Stop(bool runAsPostgres)
    {
        try
        {
            Exec(runAsPostgres, "pg_ctl", ["-D", Path.Combine(_dataDirectory!, "data"), "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already gone; the folder is removed below either way.
        }
        try { Directory.Delete(_dataDirectory!, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrWhiteSpace(configured) && File.Exists(Path.Combine(configured, "initdb"))) return configured;
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().ToList()
            : [];
        return candidates.FirstOrDefault()
               ?? throw new InvalidOperationException("PostgreSQL binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin; install postgresql or set PG_BIN or FININFRA_TEST_POSTGRES.");
    }

    private static void Exec(bool runAsPostgres, string tool, string[] arguments)
    {
        var path = Path.Combine(_binDirectory!, tool);
        if (runAsPostgres) Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        else Run(path, arguments);
    }

    private static void Run(string file, string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90))) { process.Kill(true); throw new InvalidOperationException($"{file} timed out."); }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
