using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using FinInfra.Infrastructure.Persistence.Engines;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>The suite's own hygiene: a finished test database must not keep server connections open in its pool.</summary>
public sealed class TestDatabasePoolTests
{
    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.MySql)]
    public async Task A_disposed_test_database_leaves_no_pooled_connection_on_its_server(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateMigratedAsync(provider);
        string name;
        await using (var db = database.CreateContext(systemScope: true))
        {
            await db.Users.CountAsync();
            name = db.Database.GetDbConnection().Database;
        }
        Assert.True(await ConnectionsToAsync(provider, name) > 0, "the closed connection stays in the pool, open on the server");

        await database.DisposeAsync();

        var open = -1L;
        for (var attempt = 0; attempt < 50 && open != 0; attempt++)
        {
            if (attempt > 0) await Task.Delay(100);
            open = await ConnectionsToAsync(provider, name);
        }
        Assert.Equal(0, open);
    }

    private static async Task<long> ConnectionsToAsync(DatabaseProvider provider, string database)
    {
        var connection = DatabaseEngines.For(provider).ConnectionFactory.CreateConnection()!;
        connection.ConnectionString = provider == DatabaseProvider.Postgres
            ? await PostgresServer.AdminConnectionStringAsync()
            : await MariaDbServer.AdminConnectionStringAsync();
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = provider == DatabaseProvider.Postgres
                ? "SELECT count(*) FROM pg_stat_activity WHERE datname = @name"
                : "SELECT count(*) FROM information_schema.processlist WHERE db = @name";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@name";
            parameter.Value = database;
            command.Parameters.Add(parameter);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
    }
}
