using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace FinInfra.Integration.Tests.Infrastructure;

/// <summary>
/// The built service as a real process (<c>dotnet FinInfra.Api.dll</c>, the Api project's own build output), in
/// Production mode the way bench/run-import.sh starts it: a database from <c>SQL_URL</c>, the test's encryption and
/// signing keys, behind a "proxy" (<c>Https:Mode=proxy</c>, 127.0.0.1 trusted, so a client sends
/// <c>X-Forwarded-Proto: https</c> and may name its own address in <c>X-Forwarded-For</c>). It listens on a port the
/// kernel picks (read back from its own "Now listening on" line), runs in a temp folder of its own, and is killed on
/// dispose. Everything it writes to stdout and stderr is kept for failure messages (<see cref="Output"/>).
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    /// <summary>Set by the test project's build (the csproj's RecordServiceAssembly target) to the Api's own FinInfra.Api.dll.</summary>
    private const string AssemblyMetadataKey = "FinInfra.Api.Path";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long a service may live at most, however its test ends.</summary>
    private static readonly TimeSpan LongestLife = TimeSpan.FromMinutes(15);

    private const string TimeoutCommand = "/usr/bin/timeout";
    private static readonly ConcurrentDictionary<ServiceProcess, byte> Running = new();

    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    static ServiceProcess() =>
        // A test run that ends without disposing (a crash, a cancelled run) must not leave services behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var service in Running.Keys) service.Kill();
        };

    private ServiceProcess(string name, Process process, string folder)
    {
        Name = name;
        _process = process;
        _folder = folder;
    }

    public string Name { get; }

    /// <summary>Where the service listens, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>The FinInfra.Api.dll the test project's build produced (src/Api's output, with its appsettings.json).</summary>
    public static string ApiAssembly { get; } = FindApiAssembly();

    /// <summary>
    /// What every instance needs in Production, with <paramref name="sqlUrl"/> as its database; <paramref name="settings"/>
    /// (configuration keys as <c>Section:Key</c>) are added last and win.
    /// </summary>
    public static Dictionary<string, string> ProductionEnvironment(string sqlUrl, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["SQL_URL"] = sqlUrl,
            ["Encryption__Keys__test"] = ApiFactory.EncryptionKey,
            ["Encryption__ActiveKeyId"] = "test",
            ["Jwt__SigningKey"] = ApiFactory.JwtSigningKey,
            ["Https__Mode"] = "proxy",
            ["ReverseProxy__KnownProxies__0"] = "127.0.0.1",
            ["AllowedHosts"] = "127.0.0.1",
            // Migrations are run once, before the instances start (db upgrade), as docs/scaling.md says to.
            ["Database__MigrateOnStartup"] = "false",
            ["Database__ThreadSafetyChecks"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
            // The "Now listening on" line tells the port; one line per entry keeps the output readable in a failure.
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return environment;
    }

    /// <summary>A PostgreSQL connection string as the <c>SQL_URL</c> the service reads.</summary>
    public static string SqlUrl(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var credentials = Uri.EscapeDataString(builder.Username ?? "postgres") + (string.IsNullOrEmpty(builder.Password) ? "" : ":" + Uri.EscapeDataString(builder.Password));
        return $"postgresql://{credentials}@{builder.Host}:{builder.Port}/{Uri.EscapeDataString(builder.Database!)}";
    }

    /// <summary>Starts the service and returns once <c>/health/ready</c> answers 200; fails with its output if it exits or never gets ready.</summary>
    public static async Task<ServiceProcess> StartAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        var folder = Directory.CreateTempSubdirectory($"fininfra-{name}-").FullName;
        var service = new ServiceProcess(name, CreateProcess(environment, folder, []), folder);
        service._process.OutputDataReceived += (_, line) => service.Append(line.Data);
        service._process.ErrorDataReceived += (_, line) => service.Append(line.Data);
        if (!service._process.Start()) throw new InvalidOperationException($"Could not start {ApiAssembly}.");
        Running[service] = 0;
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        try
        {
            await service.WaitUntilReadyAsync();
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    /// <summary>Runs the service's executable once with <paramref name="arguments"/> (a <c>db</c> command) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var folder = Directory.CreateTempSubdirectory("fininfra-command-").FullName;
        try
        {
            using var process = CreateProcess(environment, folder, arguments);
            process.Start();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet FinInfra.Api.dll {string.Join(' ', arguments)} did not finish in 120 s: {await stdout}{await stderr}");
            }
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            TryDelete(folder);
        }
    }

    /// <summary>
    /// A client of this instance, as if it came through the trusted proxy: <c>X-Forwarded-Proto: https</c>, and the
    /// client's own address in <c>X-Forwarded-For</c> when one is given (the address the per-client limits count by).
    /// </summary>
    public HttpClient CreateClient(string? clientAddress = null, string? bearerToken = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        if (clientAddress is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        if (bearerToken is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        return client;
    }

    /// <summary>How many lines of the output contain <paramref name="text"/>.</summary>
    public int CountLines(string text) => Output.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        Kill();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped in time; the folder is removed anyway.
        }
        Running.TryRemove(this, out _);
        _process.Dispose();
        TryDelete(_folder);
    }

    public override string ToString() => $"{Name} ({BaseAddress})";

    private void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (ListeningLine().Match(line) is { Success: true } match) _listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(ReadyTimeout));
        if (first != _listening.Task) throw NotReady(exited.IsCompleted ? $"exited with {_process.ExitCode} before listening" : "never said where it listens");
        BaseAddress = await _listening.Task;

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw NotReady($"exited with {_process.ExitCode}");
            try
            {
                using var response = await probe.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                last = exception.Message;
            }
            await Task.Delay(100);
        }
        throw NotReady($"/health/ready did not answer 200 in {ReadyTimeout.TotalSeconds:0} s (last: {last})");
    }

    private InvalidOperationException NotReady(string why) => new($"Service {Name} {why}. Its output:\n{Output}");

    private static Process CreateProcess(IReadOnlyDictionary<string, string> environment, string workingDirectory, string[] arguments)
    {
        // Under coreutils' timeout where there is one: a test host that is itself killed (SIGKILL runs no handler) must not
        // leave services running for ever.
        var capped = File.Exists(TimeoutCommand);
        var info = new ProcessStartInfo(capped ? TimeoutCommand : DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (capped)
            foreach (var argument in new[] { "--signal=KILL", LongestLife.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), DotnetHost() })
                info.ArgumentList.Add(argument);
        info.ArgumentList.Add(ApiAssembly);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // Only what the test sets: the test host's own configuration-looking variables must not leak into the service.
        foreach (var key in info.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k == "SQL_URL").ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return new Process { StartInfo = info, EnableRaisingEvents = true };
    }

    /// <summary>The dotnet host running the tests (the SDK names it in DOTNET_HOST_PATH), else the one on the PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") return Environment.ProcessPath!;
        return "dotnet";
    }

    private static string FindApiAssembly()
    {
        var recorded = typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == AssemblyMetadataKey)?.Value;
        if (string.IsNullOrEmpty(recorded) || !File.Exists(recorded))
            throw new InvalidOperationException($"The test build did not record where FinInfra.Api.dll is (assembly metadata {AssemblyMetadataKey}: '{recorded}'); build the test project, which builds src/Api first.");
        return recorded;
    }

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
