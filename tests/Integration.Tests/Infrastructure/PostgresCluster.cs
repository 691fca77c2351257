using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace FinInfra.Integration.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL cluster of its own, from the machine's binaries (initdb + pg_ctl, trust auth, fsync off, a free
/// port on 127.0.0.1), that can be stopped (as a crash: <c>-m immediate</c>) and started again on the same port.
/// The shared test server (<see cref="PostgresServer"/>) is one; a test that takes the database away starts its own.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private readonly string _binDirectory;
    private readonly string _dataDirectory;
    private readonly bool _runAsPostgres = Environment.UserName == "root";
    private readonly int _port;
    private readonly bool _survivesKill;

    private PostgresCluster(string binDirectory, string dataDirectory, int port, bool survivesKill)
    {
        _binDirectory = binDirectory;
        _dataDirectory = dataDirectory;
        _port = port;
        _survivesKill = survivesKill;
    }

    /// <summary>The maintenance database, without pooling.</summary>
    public string AdminConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = _port, Username = "postgres", Database = "postgres", Pooling = false,
    }.ConnectionString;

    /// <summary>Creates the cluster and starts it.</summary>
    /// <param name="survivesKill">
    /// For a test that calls <see cref="Kill"/>: every acknowledged commit is in the WAL before the client hears of it
    /// (<c>synchronous_commit=on</c>), so a crash loses nothing that was answered. Without it commits are acknowledged
    /// before they are written, which is faster and only safe for a server that is never killed.
    /// </param>
    public static async Task<PostgresCluster> StartNewAsync(bool survivesKill = false)
    {
        ServerFolders.RemoveAbandoned(Path.GetTempPath(), "fininfra-pg-*", Path.Combine("data", "postmaster.pid"));
        var cluster = new PostgresCluster(FindBinaries(), Directory.CreateTempSubdirectory("fininfra-pg-").FullName, FreePort(), survivesKill);
        if (cluster._runAsPostgres) Run("chown", ["-R", "postgres:postgres", cluster._dataDirectory]);
        cluster.Exec("initdb", ["-D", cluster.Data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
        cluster.Start();
        cluster.WatchThisProcess();
        await using var probe = new NpgsqlConnection(cluster.AdminConnectionString);
        await probe.OpenAsync();
        return cluster;
    }

    private string Data => Path.Combine(_dataDirectory, "data");

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port => _port;

    /// <summary>
    /// A streaming replica of this cluster, started: <c>pg_basebackup -R</c> from the same binaries (as postgres, into a
    /// folder of its own), which writes <c>standby.signal</c> and the <c>primary_conninfo</c> that points back here, then
    /// the same server options on a port of its own. A hot standby (PostgreSQL's default): it answers read-only queries.
    /// </summary>
    public async Task<PostgresCluster> StartReplicaAsync()
    {
        var replica = new PostgresCluster(_binDirectory, Directory.CreateTempSubdirectory("fininfra-pg-replica-").FullName, FreePort(), _survivesKill);
        if (replica._runAsPostgres) Run("chown", ["-R", "postgres:postgres", replica._dataDirectory]);
        replica.Exec("pg_basebackup", ["-h", "127.0.0.1", "-p", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
            "-D", replica.Data, "-R", "-X", "stream", "-c", "fast", "--no-sync"]);
        replica.Start();
        replica.WatchThisProcess();
        await using var probe = new NpgsqlConnection(replica.AdminConnectionString);
        await probe.OpenAsync();
        return replica;
    }

    public void Start()
    {
        var options = $"-p {_port} -k {_dataDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit={(_survivesKill ? "on" : "off")} -c full_page_writes=off -c max_connections=300";
        Exec("pg_ctl", ["-D", Data, "-o", options, "-l", Path.Combine(_dataDirectory, "server.log"), "-w", "-t", "60", "start"]);
    }

    /// <summary>
    /// A watchdog shell, as <see cref="MariaDbServer"/> has: when this test process is gone (the test host may end
    /// without running ProcessExit handlers or disposing), it stops the server and removes its folder, so no cluster
    /// outlives its run. It watches the process, not the server, so a test may stop and start the server meanwhile.
    /// </summary>
    private void WatchThisProcess()
    {
        var pgCtl = Path.Combine(_binDirectory, "pg_ctl");
        var stop = _runAsPostgres ? $"runuser -u postgres -- '{pgCtl}'" : $"'{pgCtl}'";
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; " +
                     $"{stop} -D '{Data}' -m immediate -w stop >/dev/null 2>&1; rm -rf '{_dataDirectory}'";
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using var watchdog = Process.Start(info) ?? throw new InvalidOperationException("Could not start the cluster's watchdog.");
    }

    /// <summary>Stops the server the way a crash would: every connection dies at once, nothing is flushed politely.</summary>
    public void Kill() => Exec("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder is removed below either way.
        }
        ServerFolders.Delete(_dataDirectory);
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

    private void Exec(string tool, string[] arguments)
    {
        var path = Path.Combine(_binDirectory, tool);
        if (_runAsPostgres) Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
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
