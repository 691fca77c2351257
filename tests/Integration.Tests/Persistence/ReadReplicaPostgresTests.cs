using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinInfra.Application.Auth;
using FinInfra.Application.Users.GetCurrentUser;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.ReadRouting;
using FinInfra.Integration.Tests.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FinInfra.Integration.Tests.BankSync;
using Npgsql;
using NpgsqlTypes;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>
/// Read routing (<c>SQL_READ_URL</c>, ADR 0017) against a real streaming replica: a primary of the test's own and a hot
/// standby made from it with <c>pg_basebackup -R</c>, both from the machine's binaries. Whether a read was served by the
/// replica is seen in what it answers: with the replica's replay paused, a change made on the primary directly (not
/// through the API, so no user of the service wrote it) is on the primary only.
/// </summary>
public sealed class ReadReplicaPostgresTests(ReadReplicaPostgresTests.Servers servers) : IClassFixture<ReadReplicaPostgresTests.Servers>
{
    /// <summary>One primary and its replica for the class; each test has a database of its own on them and leaves replay running.</summary>
    public sealed class Servers : IAsyncLifetime
    {
        public PostgresCluster Primary { get; private set; } = null!;
        public PostgresCluster Replica { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Primary = await PostgresCluster.StartNewAsync();
            Replica = await Primary.StartReplicaAsync();
        }

        public Task DisposeAsync()
        {
            Replica?.Dispose();
            Primary?.Dispose();
            return Task.CompletedTask;
        }
    }

    private sealed record Routed(ApiFactory Api, string Database, string PrimaryConnectionString, TestDatabase TestDatabase) : IAsyncDisposable
    {
        public ReadReplica Replica => Api.Services.GetRequiredService<ReadReplica>();

        public ValueTask DisposeAsync() => Api.DisposeAsync();
    }

    /// <param name="existing">Another instance of the service over the database of a first one (replay may be paused: no wait for it).</param>
    /// <param name="logs">Where the service's log lines go (warnings and above: the test hosts' level).</param>
    /// <param name="port">The server SQL_READ_URL names: the replica unless a test says otherwise.</param>
    private async Task<Routed> RoutedApiAsync(TestDatabase? existing = null, LogCapture? logs = null, int? port = null)
    {
        var database = existing ?? await TestDatabase.CreateMigratedOnAsync(servers.Primary);
        var name = new NpgsqlConnectionStringBuilder(database.Settings.ConnectionString).Database!;
        // The password is ignored by the test servers (trust), and must never appear in a log line.
        var api = ApiFactory.Create(database, logs is null ? null : services => services.AddSingleton<ILoggerProvider>(logs), new Dictionary<string, string?>
        {
            ["SQL_READ_URL"] = $"postgresql://postgres:{ReplicaPassword}@127.0.0.1:{port ?? servers.Replica.Port}/{name}?application_name=fininfra-read-test",
        });
        if (existing is null) await CaughtUpAsync();
        return new Routed(api, name, database.Settings.ConnectionString, database);
    }

    private const string ReplicaPassword = "s3cret-read-password";

    private string ReplicaConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(servers.Replica.AdminConnectionString) { Database = database }.ConnectionString;

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until the replica has replayed everything the primary has written so far.</summary>
    private async Task CaughtUpAsync()
    {
        var written = await ScalarAsync<NpgsqlLogSequenceNumber>(servers.Primary.AdminConnectionString, "SELECT pg_current_wal_insert_lsn()");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ScalarAsync<object>(servers.Replica.AdminConnectionString, "SELECT pg_last_wal_replay_lsn()") is not NpgsqlLogSequenceNumber replayed || replayed < written)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"the replica did not replay up to {written} within 30 s");
            await Task.Delay(20);
        }
    }

    private async Task PauseReplayAsync()
    {
        await ScalarAsync<object>(servers.Replica.AdminConnectionString, "SELECT pg_wal_replay_pause()");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ScalarAsync<string>(servers.Replica.AdminConnectionString, "SELECT pg_get_wal_replay_pause_state()") != "paused")
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the replica's replay did not pause within 30 s");
            await Task.Delay(10);
        }
    }

    private Task ResumeReplayAsync() => ScalarAsync<object>(servers.Replica.AdminConnectionString, "SELECT pg_wal_replay_resume()");

    /// <summary>Runs <paramref name="body"/> with the replica caught up to now and its replay paused, and resumes it after.</summary>
    private async Task WhileReplayIsPausedAsync(Func<Task> body)
    {
        await CaughtUpAsync();
        await PauseReplayAsync();
        try
        {
            await body();
        }
        finally
        {
            await ResumeReplayAsync();
        }
    }

    /// <summary>Two users with an account each: "Writer's wallet" and "Reader's wallet".</summary>
    private static async Task<(ApiUser Writer, Guid WritersAccount, ApiUser Reader, Guid ReadersAccount)> WriterAndReaderAsync(Routed routed)
    {
        var writer = await routed.Api.CreateUserAsync();
        var reader = await routed.Api.CreateUserAsync();
        return (writer, await CreateAccountAsync(writer, "Writer's wallet"), reader, await CreateAccountAsync(reader, "Reader's wallet"));
    }

    private static async Task<Guid> CreateAccountAsync(ApiUser user, string name)
    {
        var connection = await (await user.Client.PostAsJsonAsync("/api/v1/bank-connections", new { provider = "manual", institutionName = "Cash" }, Json)).ReadJsonAsync(HttpStatusCode.Created);
        var account = await (await user.Client.PostAsJsonAsync($"/api/v1/bank-connections/{connection.GetProperty("id").GetGuid()}/accounts",
            new { name, type = "depository", balance = 100m }, Json)).ReadJsonAsync(HttpStatusCode.Created);
        return account.GetProperty("id").GetGuid();
    }

    private static async Task<string?> AccountNameAsync(ApiUser user, Guid account) =>
        (await (await user.Client.GetAsync($"/api/v1/accounts/{account}")).ReadJsonAsync()).GetProperty("name").GetString();

    /// <summary>A change on the primary that no user of the service made: the service records no write position for it.</summary>
    private static Task RenameOnThePrimaryAsync(Routed routed, Guid account, string name) =>
        ScalarAsync<object>(routed.PrimaryConnectionString, "UPDATE accounts SET name = @name WHERE id = @id RETURNING 1", ("name", name), ("id", account));

    [Fact]
    public async Task Postgres_queries_read_from_the_replica_when_SQL_READ_URL_is_set()
    {
        await using var routed = await RoutedApiAsync();
        var user = await routed.Api.CreateUserAsync();
        var account = await CreateAccountAsync(user, "Wallet");
        await WhileReplayIsPausedAsync(async () =>
        {
            await RenameOnThePrimaryAsync(routed, account, "Only on the primary");

            Assert.Equal("Wallet", await AccountNameAsync(user, account));
            var list = await (await user.Client.GetAsync("/api/v1/accounts")).ReadJsonAsync();
            Assert.Equal(["Wallet"], list.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
            // The read connections are the service's own, with the URL's application_name.
            Assert.True(await ScalarAsync<long>(servers.Replica.AdminConnectionString,
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fininfra-read-test'") > 0);
        });
        await CaughtUpAsync();
        Assert.Equal("Only on the primary", await AccountNameAsync(user, account));
        Assert.False(routed.Replica.IsDown);
    }

    [Fact]
    public async Task Postgres_a_client_reads_its_own_write_at_once_while_the_replica_has_paused_replay()
    {
        await using var routed = await RoutedApiAsync();
        var user = await routed.Api.CreateUserAsync();
        var account = await CreateAccountAsync(user, "Wallet");
        await WhileReplayIsPausedAsync(async () =>
        {
            await (await user.Client.PatchAsJsonAsync($"/api/v1/accounts/{account}", new { name = "Renamed" }, Json)).ReadJsonAsync();

            Assert.Equal("Renamed", await AccountNameAsync(user, account));
            var list = await (await user.Client.GetAsync("/api/v1/accounts")).ReadJsonAsync();
            Assert.Equal(["Renamed"], list.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
            // The replica itself has not replayed the write: had the reads gone there, they would have seen the old name.
            Assert.Equal("Wallet", await ScalarAsync<string>(ReplicaConnectionString(routed.Database), "SELECT name FROM accounts WHERE id = @id", ("id", account)));
        });
    }

    [Fact]
    public async Task Postgres_another_users_reads_stay_on_the_replica_while_the_writer_reads_from_the_primary()
    {
        await using var routed = await RoutedApiAsync();
        var (writer, writersAccount, reader, readersAccount) = await WriterAndReaderAsync(routed);
        await WhileReplayIsPausedAsync(async () =>
        {
            await (await writer.Client.PatchAsJsonAsync($"/api/v1/accounts/{writersAccount}", new { name = "Renamed by the writer" }, Json)).ReadJsonAsync();
            await RenameOnThePrimaryAsync(routed, readersAccount, "Only on the primary");

            Assert.Equal("Renamed by the writer", await AccountNameAsync(writer, writersAccount));
            Assert.Equal("Reader's wallet", await AccountNameAsync(reader, readersAccount));
            // The replica's reads carry the same owner filter: the other user's account is not there for this one.
            Assert.Equal(HttpStatusCode.NotFound, (await reader.Client.GetAsync($"/api/v1/accounts/{writersAccount}")).StatusCode);
            Assert.Equal("Renamed by the writer", await AccountNameAsync(writer, writersAccount));
        });
    }

    [Fact]
    public async Task Postgres_an_instance_started_after_a_write_the_replica_has_not_replayed_reads_it_from_the_primary()
    {
        await using var first = await RoutedApiAsync();
        var user = await first.Api.CreateUserAsync();
        var account = await CreateAccountAsync(user, "Wallet");
        await WhileReplayIsPausedAsync(async () =>
        {
            await (await user.Client.PatchAsJsonAsync($"/api/v1/accounts/{account}", new { name = "Renamed on the first instance" }, Json)).ReadJsonAsync();

            // A second instance (or this one restarted) has no record of that write; the same token works there.
            await using var second = await RoutedApiAsync(first.TestDatabase);
            var client = second.Api.CreateClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.AccessToken);
            Assert.Equal("Renamed on the first instance", await AccountNameAsync(user with { Client = client }, account));
            Assert.Equal("Wallet", await ScalarAsync<string>(ReplicaConnectionString(first.Database), "SELECT name FROM accounts WHERE id = @id", ("id", account)));
        });
    }

    [Fact]
    public async Task Postgres_reads_fall_back_to_the_primary_when_the_replica_is_stopped()
    {
        var logs = new LogCapture();
        await using var routed = await RoutedApiAsync(logs: logs);
        var user = await routed.Api.CreateUserAsync();
        var other = await routed.Api.CreateUserAsync();
        var account = await CreateAccountAsync(user, "Wallet");
        await CaughtUpAsync();
        Assert.Equal("Wallet", await AccountNameAsync(user, account));
        Assert.False(routed.Replica.IsDown);

        servers.Replica.Kill();
        try
        {
            await RenameOnThePrimaryAsync(routed, account, "Renamed while the replica is down");

            Assert.Equal("Renamed while the replica is down", await AccountNameAsync(user, account));
            Assert.True(routed.Replica.IsDown);
            Assert.Equal("Renamed while the replica is down", await AccountNameAsync(user, account));
            await (await other.Client.GetAsync("/api/v1/accounts")).ReadJsonAsync();
            await (await other.Client.GetAsync("/api/v1/users/me")).ReadJsonAsync();
            // Logged once, however many reads met it, and without the URL's secrets.
            Assert.Single(logs.Lines, line => line.Contains("cannot serve queries", StringComparison.Ordinal));
            Assert.DoesNotContain(ReplicaPassword, logs.All, StringComparison.Ordinal);
        }
        finally
        {
            servers.Replica.Start();
        }
        await CaughtUpAsync();
    }

    [Fact]
    public async Task Postgres_without_SQL_READ_URL_no_read_replica_or_routing_step_is_registered()
    {
        await using var api = ApiFactory.Create(await TestDatabase.CreateMigratedOnAsync(servers.Primary));

        Assert.Null(api.Services.GetService<ReadReplica>());
        Assert.Null(api.Services.GetRequiredService<DatabaseSettings>().ReadConnectionString);
        await using var scope = api.Services.CreateAsyncScope();
        var steps = scope.ServiceProvider.GetServices<IPipelineBehavior<GetCurrentUserQuery, UserDto>>().ToList();
        Assert.NotEmpty(steps);
        Assert.DoesNotContain(steps, step => step is ReadRoutingBehaviour<GetCurrentUserQuery, UserDto>);
    }

    [Fact]
    public async Task Postgres_with_SQL_READ_URL_the_routing_step_is_the_outermost_so_a_write_is_recorded_after_its_commit()
    {
        await using var routed = await RoutedApiAsync();

        await using var scope = routed.Api.Services.CreateAsyncScope();
        var steps = scope.ServiceProvider.GetServices<IPipelineBehavior<GetCurrentUserQuery, UserDto>>().ToList();
        Assert.IsType<ReadRoutingBehaviour<GetCurrentUserQuery, UserDto>>(steps[0]);
        Assert.Single(steps, step => step is ReadRoutingBehaviour<GetCurrentUserQuery, UserDto>);
    }

    [Fact]
    public async Task Postgres_a_pooled_context_leased_again_reads_from_the_primary_whatever_its_last_lease_did()
    {
        await using var routed = await RoutedApiAsync();
        FinInfra.Infrastructure.Persistence.AppDbContext first;
        await using (var scope = routed.Api.Services.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<FinInfra.Infrastructure.Persistence.AppDbContext>();
            Assert.True(first.TryReadFromReplica(routed.Replica.ConnectionString));
            Assert.Equal(routed.Replica.ConnectionString, first.Database.GetConnectionString());
            // The lease ends without pointing the context back (a query that never returned, say).
        }
        await using (var scope = routed.Api.Services.CreateAsyncScope())
        {
            var second = scope.ServiceProvider.GetRequiredService<FinInfra.Infrastructure.Persistence.AppDbContext>();
            Assert.Same(first, second);
            Assert.False(second.ReadsFromReplica);
            Assert.Equal(routed.PrimaryConnectionString, second.Database.GetConnectionString());
            Assert.False(await second.Database.SqlQueryRaw<bool>("SELECT pg_is_in_recovery() AS \"Value\"").SingleAsync());
        }
    }

    [Fact]
    public async Task Postgres_a_replica_lagging_a_write_past_the_bound_serves_no_one_until_it_catches_up()
    {
        await using var routed = await RoutedApiAsync();
        var (writer, writersAccount, reader, readersAccount) = await WriterAndReaderAsync(routed);
        await WhileReplayIsPausedAsync(async () =>
        {
            await (await writer.Client.PatchAsJsonAsync($"/api/v1/accounts/{writersAccount}", new { name = "Renamed" }, Json)).ReadJsonAsync();
            await RenameOnThePrimaryAsync(routed, readersAccount, "Renamed on the primary");
            Assert.Equal("Reader's wallet", await AccountNameAsync(reader, readersAccount));

            await Task.Delay(ReadReplica.MaxLag + TimeSpan.FromMilliseconds(500));

            // The writer's write is older than the bound and not replayed: the replica serves nobody, the reader included.
            Assert.Equal("Renamed on the primary", await AccountNameAsync(reader, readersAccount));
            Assert.False(routed.Replica.IsDown);
        });
        await WhileReplayIsPausedAsync(async () =>
        {
            // Caught up: the reader is back on the replica, which has not replayed this second change.
            await RenameOnThePrimaryAsync(routed, readersAccount, "Renamed again on the primary");
            Assert.Equal("Renamed on the primary", await AccountNameAsync(reader, readersAccount));
        });
    }

    [Fact]
    public async Task Postgres_SQL_READ_URL_naming_a_server_that_is_not_a_standby_is_not_read_from()
    {
        var logs = new LogCapture();
        await using var routed = await RoutedApiAsync(logs: logs, port: servers.Primary.Port);
        var user = await routed.Api.CreateUserAsync();
        var account = await CreateAccountAsync(user, "Wallet");

        Assert.Equal("Wallet", await AccountNameAsync(user, account));
        Assert.True(routed.Replica.IsDown);
        Assert.Single(logs.Lines, line => line.Contains("not a standby", StringComparison.Ordinal));
        Assert.DoesNotContain(ReplicaPassword, logs.All, StringComparison.Ordinal);
    }
}
