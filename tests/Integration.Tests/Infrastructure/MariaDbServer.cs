using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.Engines;

namespace FinInfra.Integration.Tests.Infrastructure;

/// <summary>
/// A throwaway MariaDB for the test run, from the machine's Debian <c>mariadb-server</c> binaries: a fresh data directory
/// (mariadb-install-db) in a temp folder (in /dev/shm where there is one), its socket there too, a free port on 127.0.0.1, durability off, run as the
/// <c>mysql</c> user when the tests run as root; started once per test process and removed when it exits. Set
/// <c>FININFRA_TEST_MYSQL</c> to a connection string (a user allowed to create databases) to use an existing server.
/// There is no skip: without MariaDB the MariaDB tests fail, loudly.
/// </summary>
public static class MariaDbServer
{
    private const string User = "fininfra";
    private const string Password = "fininfra-test";

    private static readonly Lazy<Task<string>> Server = new(StartAsync);
    private static string? _folder;
    private static Process? _process;

    public static DbProviderFactory Factory => DatabaseEngines.For(DatabaseProvider.MySql).ConnectionFactory;

    /// <summary>A connection string to the server, with no database selected.</summary>
    public static Task<string> AdminConnectionStringAsync() => Server.Value;

    /// <summary>Creates an empty utf8mb4 database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "fininfra_test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        await ExecuteAsync($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return WithDatabase(await AdminConnectionStringAsync(), name);
    }

    /// <summary>A connection string naming a database that does not exist yet (for setup-and-migrate tests).</summary>
    public static async Task<string> MissingDatabaseAsync(string prefix = "fininfra_missing") =>
        WithDatabase(await AdminConnectionStringAsync(), $"{prefix}_{Guid.NewGuid():N}"[..40]);

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = Factory.CreateConnection()!;
        connection.ConnectionString = await AdminConnectionStringAsync();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Written as DatabaseSettings writes it back (the generic builder lower-cases keys when it parses).</summary>
    private static string WithDatabase(string admin, string database) => new DbConnectionStringBuilder
    {
        ConnectionString = new DbConnectionStringBuilder { ConnectionString = admin, ["Database"] = database, ["Pooling"] = true, ["Maximum Pool Size"] = 40 }.ConnectionString,
    }.ConnectionString;

    private static async Task<string> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("FININFRA_TEST_MYSQL");
        if (!string.IsNullOrWhiteSpace(external)) return external;

        var server = Find("mariadbd", "/usr/sbin", "/usr/bin", "/usr/libexec") ?? Find("mysqld", "/usr/sbin")
            ?? throw new InvalidOperationException("MariaDB was not found (mariadbd); install Debian's mariadb-server (.ci/run does) or set FININFRA_TEST_MYSQL.");
        var installDb = Find("mariadb-install-db", "/usr/bin", "/usr/scripts") ?? Find("mysql_install_db", "/usr/bin")
            ?? throw new InvalidOperationException("mariadb-install-db was not found; install Debian's mariadb-server or set FININFRA_TEST_MYSQL.");

        // In memory when the machine has /dev/shm: a test database is created and migrated per test, and DDL on disk
        // means a file and an fsync per table.
        ServerFolders.RemoveAbandoned("/dev/shm", "fininfra-mariadb-*", "mariadb.pid");
        _folder = Directory.Exists("/dev/shm")
            ? Directory.CreateDirectory(Path.Combine("/dev/shm", $"fininfra-mariadb-{Guid.NewGuid():N}")).FullName
            : Directory.CreateTempSubdirectory("fininfra-mariadb-").FullName;
        var data = Path.Combine(_folder, "data");
        var asRoot = Environment.UserName == "root";
        var init = Path.Combine(_folder, "init.sql");
        await File.WriteAllTextAsync(init,
            $"CREATE USER IF NOT EXISTS '{User}'@'127.0.0.1' IDENTIFIED BY '{Password}';\n" +
            $"GRANT ALL PRIVILEGES ON *.* TO '{User}'@'127.0.0.1' WITH GRANT OPTION;\n");
        if (asRoot) Run("chown", ["-R", "mysql:mysql", _folder]);

        string[] user = asRoot ? ["--user=mysql"] : [];
        Run(installDb, ["--no-defaults", $"--datadir={data}", "--auth-root-authentication-method=normal", "--skip-test-db", .. user]);

        var port = FreePort();
        string[] serverArguments =
        [
            "--no-defaults", $"--datadir={data}", $"--socket={Path.Combine(_folder, "mariadb.sock")}", $"--port={port}",
            "--bind-address=127.0.0.1", $"--pid-file={Path.Combine(_folder, "mariadb.pid")}", $"--log-error={Path.Combine(_folder, "server.log")}",
            $"--init-file={init}", "--skip-log-bin", "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--sync-binlog=0",
            "--innodb-buffer-pool-size=128M", "--innodb-log-file-size=32M", "--max-connections=500", "--skip-name-resolve",
            "--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin", .. user,
        ];
        // A watchdog shell owns the server: when this test process is gone (the test host may exit without running
        // ProcessExit handlers), it stops the server and removes the folder, so no server outlives its run.
        var script = "\"$0\" \"$@\" & server=$!; " +
                     $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $server 2>/dev/null; do sleep 1; done; " +
                     $"kill -TERM $server 2>/dev/null; wait $server; rm -rf '{_folder}'";
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-c", script, server, .. serverArguments]) info.ArgumentList.Add(argument);
        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start mariadbd.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();

        var connectionString = new DbConnectionStringBuilder
        {
            ["Server"] = "127.0.0.1", ["Port"] = port, ["User ID"] = User, ["Password"] = Password,
            ["SslMode"] = "Disabled", ["CharSet"] = "utf8mb4", ["Pooling"] = false,
        }.ConnectionString;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var probe = Factory.CreateConnection()!;
                probe.ConnectionString = connectionString;
                await probe.OpenAsync();
                return connectionString;
            }
            catch (DbException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (DbException exception)
            {
                var log = Path.Combine(_folder, "server.log");
                throw new InvalidOperationException($"MariaDB did not start: {exception.Message} {(File.Exists(log) ? File.ReadAllText(log) : "")}");
            }
        }
    }

    /// <summary>
    /// Kills the server only. Its watchdog shell then removes the folder, and the watchdog outlives this process, so
    /// the folder goes even when the test host is killed while it is still shutting down; the delete here is the fallback.
    /// </summary>
    private static void Stop()
    {
        try
        {
            var pidFile = Path.Combine(_folder!, "mariadb.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                using var server = Process.GetProcessById(pid);
                server.Kill();
                server.WaitForExit(10_000);
            }
            else if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
            }
            _process?.WaitForExit(10_000);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
        {
            // Already gone; the folder is removed below either way.
        }
        ServerFolders.Delete(_folder!);
    }

    private static string? Find(string tool, params string[] folders) =>
        folders.Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists);

    private static void Run(string file, string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120))) { process.Kill(true); throw new InvalidOperationException($"{file} timed out."); }
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
