using System.Diagnostics;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FinInfra.Integration.Tests.Deployment;

/// <summary>deploy/postgres/roles.sql on a real PostgreSQL: the migrator migrates, the service role reads and writes rows but has no DDL.</summary>
public sealed class DatabaseRoleTests
{
    [Fact]
    public async Task The_service_role_reads_and_writes_rows_but_cannot_create_alter_or_drop()
    {
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Postgres);
        var admin = new NpgsqlConnectionStringBuilder(database.Settings.ConnectionString);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (migrator, app) = ($"migrator_{suffix}", $"app_{suffix}");
        RunRolesScript(admin, migrator, app);

        // Migrations as the migrator (the compose `migrate` service).
        await using (var db = Context(As(admin, migrator)))
            await db.Database.MigrateAsync();

        await using var service = new NpgsqlConnection(As(admin, app));
        await service.OpenAsync();
        var id = Guid.NewGuid();
        await ExecuteAsync(service, $"INSERT INTO users (id, email, hashed_password, created_at, updated_at, security_stamp) VALUES ('{id}', 'r@example.com', 'h', now(), now(), 's')");
        await ExecuteAsync(service, $"UPDATE users SET hashed_password = 'h2' WHERE id = '{id}'");
        Assert.Equal(1L, await ScalarAsync(service, "SELECT count(*) FROM users"));
        await ExecuteAsync(service, $"DELETE FROM users WHERE id = '{id}'");

        foreach (var ddl in new[] { "CREATE TABLE stolen (x int)", "ALTER TABLE users ADD COLUMN x int", "DROP TABLE documents", "TRUNCATE users", "CREATE SCHEMA other" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(service, ddl));
            Assert.True(refused.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{ddl}: {refused.SqlState}");
        }
        Assert.Equal(false, await ScalarAsync(service, $"SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = '{app}'"));
    }

    private static void RunRolesScript(NpgsqlConnectionStringBuilder admin, string migrator, string app)
    {
        var script = Path.Combine(RepositoryRoot(), "deploy", "postgres", "roles.sql");
        var psql = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "psql")).First(File.Exists);
        var start = new ProcessStartInfo(psql) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
                 {
                     "-h", admin.Host!, "-p", admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", admin.Username!, "-d", admin.Database!,
                     "-v", "ON_ERROR_STOP=1", "-v", $"database={admin.Database}", "-v", $"migrator_role={migrator}", "-v", "migrator_password=m-secret",
                     "-v", $"app_role={app}", "-v", "app_password=a-secret", "-f", script,
                 })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FinInfra.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("FinInfra.sln not found above the test binaries.");
    }

    private static string As(NpgsqlConnectionStringBuilder admin, string role) =>
        new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Username = role, Password = "unused-with-trust-auth" }.ConnectionString;

    private static PostgresAppDbContext Context(string connectionString)
    {
        var context = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
        context.UseScope(new DataScope(new Nobody()));
        return context;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private sealed class Nobody : ICurrentUser
    {
        public Guid? UserId => null;
    }
}
