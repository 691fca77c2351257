using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>
/// The database dies, or drops the request's connection, in the middle of an import: the client is told to retry (503 with
/// Retry-After), nothing half-done is kept, and the service recovers by itself. Each engine reports the outage in its
/// own words; each engine's <c>Classify</c> recognises them.
/// </summary>
public sealed class DatabaseOutageTests
{
    /// <summary>
    /// The import's rows are merged by the bulk writer's own commands (which pass no EF interceptor); the first EF read of
    /// transactions inside its transaction comes after that merge (the transfer matcher), with the rows written and not yet committed.
    /// </summary>
    private static bool MidImport(DbCommand command, string fromTransactions) =>
        command.Transaction is not null && command.CommandText.Contains(fromTransactions, StringComparison.Ordinal);

    /// <summary>Kills the server once armed, mid-import: its rows merged, its transaction not committed.</summary>
    private sealed class KillDuringImport(PostgresCluster server) : DbCommandInterceptor
    {
        public volatile bool Armed;
        public volatile bool Fired;

        private void MaybeKill(DbCommand command)
        {
            if (!Armed || !MidImport(command, "FROM transactions")) return;
            Armed = false;
            server.Kill();
            Fired = true;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            MaybeKill(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            MaybeKill(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task Postgres_killed_mid_import_is_503_with_retry_after_stores_nothing_and_the_service_recovers_without_a_restart()
    {
        using var server = await PostgresCluster.StartNewAsync(survivesKill: true);
        var killer = new KillDuringImport(server);
        await using var api = ApiFactory.Create(await TestDatabase.CreateMigratedOnAsync(server),
            services => services.ConfigureDbContext<PostgresAppDbContext>(options => options.AddInterceptors(killer)));
        var user = await api.CreateUserAsync();
        var connection = await (await user.Client.PostAsJsonAsync("/api/v1/bank-connections", new { provider = "manual", institutionName = "Cash" }, Json)).ReadJsonAsync(HttpStatusCode.Created);
        var account = await (await user.Client.PostAsJsonAsync($"/api/v1/bank-connections/{connection.GetProperty("id").GetGuid()}/accounts",
            new { name = "Wallet", type = "depository", balance = 100m }, Json)).ReadJsonAsync(HttpStatusCode.Created);
        var importPath = $"/api/v1/accounts/{account.GetProperty("id").GetGuid()}/transactions";
        var rows = Enumerable.Range(1, 50).Select(i => new { transactionId = $"t{i}", amount = -1m * i, date = "2026-03-01", name = $"Row {i}" }).ToArray();

        killer.Armed = true;
        var during = await user.Client.PostAsJsonAsync(importPath, new { transactions = rows }, Json);

        Assert.True(killer.Fired, "the import never reached its transaction's reads");
        var problem = await AssertProblemAsync(during, HttpStatusCode.ServiceUnavailable);
        Assert.True(during.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
        Assert.DoesNotContain("Npgsql", problem.GetRawText(), StringComparison.OrdinalIgnoreCase);

        // While it is down, every call that needs it is a 503 too, never a 500.
        await AssertProblemAsync(await user.Client.GetAsync(importPath.Replace("/transactions", "")), HttpStatusCode.ServiceUnavailable);

        server.Start();
        // The same process, no restart: broken pooled connections are dropped and new ones opened. The first calls
        // after the restart may still meet a connection that died with the old server; a bounded number of retries.
        HttpResponseMessage? after = null;
        for (var attempt = 0; attempt < 10 && after?.StatusCode != HttpStatusCode.OK; attempt++)
        {
            after = await user.Client.GetAsync($"/api/v1/transactions?accountId={account.GetProperty("id").GetGuid()}");
            Assert.Contains(after.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
        }
        var listed = await after!.ReadJsonAsync();
        Assert.Empty(listed.GetProperty("items").EnumerateArray());
        await using (var db = api.Database.CreateContext(systemScope: true))
            Assert.Equal(0, await db.Transactions.IgnoreQueryFilters().CountAsync());

        var retried = await user.Client.PostAsJsonAsync(importPath, new { transactions = rows }, Json);
        await retried.ReadJsonAsync();
        await using (var db = api.Database.CreateContext(systemScope: true))
            Assert.Equal(50, await db.Transactions.IgnoreQueryFilters().CountAsync());
    }

    /// <summary>Kills the command's own MariaDB connection from another session once armed, mid-import (see <see cref="MidImport"/>).</summary>
    private sealed class KillConnectionDuringImport : DbCommandInterceptor
    {
        public volatile bool Armed;
        public volatile bool Fired;

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await MaybeKillAsync(command, cancellationToken);
            return result;
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await MaybeKillAsync(command, cancellationToken);
            return result;
        }

        private async Task MaybeKillAsync(DbCommand command, CancellationToken cancellationToken)
        {
            if (!Armed || !MidImport(command, "FROM `transactions`")) return;
            Armed = false;
            await using var probe = command.Connection!.CreateCommand();
            probe.Transaction = command.Transaction;
            probe.CommandText = "SELECT CONNECTION_ID()";
            var id = Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken));
            await MariaDbServer.ExecuteAsync($"KILL CONNECTION {id}");
            Fired = true;
        }
    }

    [Fact]
    public async Task MySql_connection_killed_mid_import_is_503_with_retry_after_stores_nothing_and_the_retry_succeeds()
    {
        var killer = new KillConnectionDuringImport();
        await using var api = ApiFactory.Create(await TestDatabase.CreateMigratedAsync(DatabaseProvider.MySql),
            services => ApiFactory.ConfigureEngineContext(services, DatabaseProvider.MySql, options => options.AddInterceptors(killer)));
        var user = await api.CreateUserAsync();
        var connection = await (await user.Client.PostAsJsonAsync("/api/v1/bank-connections", new { provider = "manual", institutionName = "Cash" }, Json)).ReadJsonAsync(HttpStatusCode.Created);
        var account = await (await user.Client.PostAsJsonAsync($"/api/v1/bank-connections/{connection.GetProperty("id").GetGuid()}/accounts",
            new { name = "Wallet", type = "depository", balance = 100m }, Json)).ReadJsonAsync(HttpStatusCode.Created);
        var importPath = $"/api/v1/accounts/{account.GetProperty("id").GetGuid()}/transactions";
        var rows = Enumerable.Range(1, 50).Select(i => new { transactionId = $"t{i}", amount = -1m * i, date = "2026-03-01", name = $"Row {i}" }).ToArray();

        killer.Armed = true;
        var during = await user.Client.PostAsJsonAsync(importPath, new { transactions = rows }, Json);

        Assert.True(killer.Fired, "the import never reached its transaction's reads");
        var problem = await AssertProblemAsync(during, HttpStatusCode.ServiceUnavailable);
        Assert.True(during.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
        Assert.DoesNotContain("MySql", problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
        await using (var db = api.Database.CreateContext(systemScope: true))
            Assert.Equal(0, await db.Transactions.IgnoreQueryFilters().CountAsync());

        var retried = await user.Client.PostAsJsonAsync(importPath, new { transactions = rows }, Json);
        await retried.ReadJsonAsync();
        await using (var db = api.Database.CreateContext(systemScope: true))
            Assert.Equal(50, await db.Transactions.IgnoreQueryFilters().CountAsync());
    }

    [Fact]
    public async Task MySql_server_that_cannot_be_reached_is_503_with_retry_after()
    {
        var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.MySql);
        // Every connection goes to a port where nothing listens.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var unreachable = new DbConnectionStringBuilder { ConnectionString = database.Settings.ConnectionString, ["Port"] = closedPort, ["Connection Timeout"] = 3 };
        await using var api = ApiFactory.Create(database, settings: new Dictionary<string, string?> { ["ConnectionStrings:Default"] = unreachable.ConnectionString });

        var response = await api.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "someone@example.com", password = "correct horse battery" }, Json);

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
        Assert.DoesNotContain("MySql", problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }
}
