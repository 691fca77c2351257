using System.Net;
using System.Net.Http.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.BankSync;

/// <summary>Linking a bank calls the provider; no database transaction may wait on that call.</summary>
public sealed class BankConnectionLinkTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_token_exchange_and_the_removal_run_outside_any_database_transaction(DatabaseProvider provider)
    {
        var bank = new ScriptedBankProvider();
        await using var api = await ApiFactory.CreateAsync(provider, services: services => SyncHarness.UseProvider(services, bank));
        var user = await api.CreateUserAsync();
        bool? openWhileExchanging = null, openWhileRemoving = null;
        bank.WhileExchanging = async () => openWhileExchanging = await AnyTransactionOpenAsync(api.Database);
        bank.WhileRemoving = async () => openWhileRemoving = await AnyTransactionOpenAsync(api.Database);

        var created = await user.Client.PostAsJsonAsync("/api/v1/bank-connections", new { provider = "plaid", publicToken = "public-token" }, Json);
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await EnsureStatusAsync(await user.Client.DeleteAsync($"/api/v1/bank-connections/{id}"), HttpStatusCode.NoContent);

        Assert.Equal((false, false), (openWhileExchanging, openWhileRemoving));
        await using var db = api.Database.CreateContext(systemScope: true);
        Assert.Null((await db.BankConnections.AsNoTracking().SingleAsync(c => c.Id == id)).AccessToken);
    }

    /// <summary>
    /// SQLite: another connection cannot take the write lock while a transaction holds it (they begin IMMEDIATE).
    /// PostgreSQL: a session sits "idle in transaction" while its transaction waits on something outside the database
    /// (Npgsql sends BEGIN with a transaction's first statement, so there this sees only one that has already run one).
    /// MariaDB: InnoDB lists a session's open transaction once it has touched a table, the same limit.
    /// </summary>
    private static async Task<bool> AnyTransactionOpenAsync(TestDatabase database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await using var sqlite = new SqliteConnection(database.Settings.ConnectionString + ";Default Timeout=1");
            await sqlite.OpenAsync();
            try
            {
                await using var begin = sqlite.CreateCommand();
                begin.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
                await begin.ExecuteNonQueryAsync();
                return false;
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode == 5)
            {
                return true;
            }
        }

        if (database.Provider == DatabaseProvider.MySql)
        {
            await using var mysql = database.Engine.ConnectionFactory.CreateConnection()!;
            mysql.ConnectionString = database.Settings.ConnectionString;
            await mysql.OpenAsync();
            await using var open = mysql.CreateCommand();
            open.CommandText = """
                SELECT COUNT(*) FROM information_schema.innodb_trx t JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id
                WHERE p.db = DATABASE() AND p.id <> CONNECTION_ID()
                """;
            return Convert.ToInt64(await open.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }

        await using var postgres = new NpgsqlConnection(database.Settings.ConnectionString);
        await postgres.OpenAsync();
        await using var count = postgres.CreateCommand();
        count.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'";
        return (long)(await count.ExecuteScalarAsync())! > 0;
    }
}
