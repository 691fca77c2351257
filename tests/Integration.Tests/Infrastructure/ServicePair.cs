using System.Net;
using System.Net.Http.Json;
using Npgsql;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Infrastructure;

/// <summary>
/// A user of the pair: one token, and a client of each instance that sends it (so ApiScenario's helpers work on either).
/// Each user has a client address of its own (X-Forwarded-For), so one test's logins never spend another's allowance.
/// </summary>
public sealed record PairUser(Guid Id, string Email, string Password, string AccessToken, string ClientAddress, ApiUser OnA, ApiUser OnB)
{
    public ApiUser On(int instance) => instance % 2 == 0 ? OnA : OnB;
}

/// <summary>
/// Two service processes (<see cref="ServiceProcess"/>) on one fresh PostgreSQL database of the shared test server,
/// migrated beforehand with the service's own <c>db upgrade</c>, as a deployment would (once, not by each instance).
/// Both get the same settings (on top of <see cref="ServiceProcess.ProductionEnvironment"/>).
/// </summary>
public sealed class ServicePair : IAsyncDisposable
{
    private static int _lastClient;

    private ServicePair(string connectionString, ServiceProcess a, ServiceProcess b)
    {
        ConnectionString = connectionString;
        A = a;
        B = b;
    }

    /// <summary>The database both instances use (pooled; for the test's own reads and writes).</summary>
    public string ConnectionString { get; }

    public ServiceProcess A { get; }

    public ServiceProcess B { get; }

    public IReadOnlyList<ServiceProcess> Instances => [A, B];

    public static async Task<ServicePair> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var connectionString = await PostgresServer.CreateDatabaseAsync("fininfra_pair");
        var environment = ServiceProcess.ProductionEnvironment(ServiceProcess.SqlUrl(connectionString), settings);
        var (exitCode, output) = await ServiceProcess.RunAsync(environment, "db", "upgrade");
        if (exitCode != 0) throw new InvalidOperationException($"db upgrade failed ({exitCode}):\n{output}");

        var starting = new[] { ServiceProcess.StartAsync("a", environment), ServiceProcess.StartAsync("b", environment) };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(s => s.IsCompletedSuccessfully)) await started.Result.DisposeAsync();
            throw;
        }
        return new ServicePair(connectionString, starting[0].Result, starting[1].Result) { StartedIn = watch.Elapsed };
    }

    /// <summary>How long the database, its migration and both instances took to be ready.</summary>
    public TimeSpan StartedIn { get; private init; }

    /// <summary>A client address no other client of this test run has (198.18.0.0/15, the benchmarking range).</summary>
    public static string NewClientAddress()
    {
        var n = Interlocked.Increment(ref _lastClient);
        return $"198.18.{n / 250 % 250}.{n % 250 + 1}";
    }

    /// <summary>Registers on A, logs in on B, and returns the user with a client of each instance.</summary>
    public async Task<PairUser> CreateUserAsync(string password = DefaultPassword)
    {
        var address = NewClientAddress();
        var email = $"pair-{Guid.NewGuid():N}@example.com";
        using var anonymousA = A.CreateClient(address);
        var registered = await (await anonymousA.PostAsJsonAsync("/api/v1/auth/register", new { email, password }, Json)).ReadJsonAsync(HttpStatusCode.Created);
        var id = registered.GetProperty("id").GetGuid();
        var token = await LoginAsync(B, address, email, password);
        return new PairUser(id, email, password, token, address,
            new ApiUser(id, email, password, token, A.CreateClient(address, token)), new ApiUser(id, email, password, token, B.CreateClient(address, token)));
    }

    /// <summary>Logs in on <paramref name="instance"/> and returns the access token.</summary>
    public static async Task<string> LoginAsync(ServiceProcess instance, string clientAddress, string email, string password = DefaultPassword)
    {
        using var client = instance.CreateClient(clientAddress);
        var answer = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, Json)).ReadJsonAsync();
        return answer.GetProperty("accessToken").GetString()!;
    }

    /// <summary>Runs a query on the shared database and reads every row (each as its column values).</summary>
    public async Task<List<object?[]>> QueryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Both instances' output, for a failure message.</summary>
    public string Output => $"--- instance a ({A.BaseAddress}) ---\n{A.Output}\n--- instance b ({B.BaseAddress}) ---\n{B.Output}";

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(A.DisposeAsync().AsTask(), B.DisposeAsync().AsTask());
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
    }
}
