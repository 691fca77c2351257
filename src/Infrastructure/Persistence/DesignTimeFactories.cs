using FinInfra.Application.Common.Abstractions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FinInfra.Infrastructure.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add … --context SqliteAppDbContext</c> build the model without the host.
/// The connection string only matters for commands that touch a database.
/// </summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite("Data Source=design-time.db", o => o.MigrationsHistoryTable(MigrationHistory.Table)).UseSnakeCaseNamingConvention().Options,
        new DataScope(new NoUser()));
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<PostgresAppDbContext>()
            .UseNpgsql("Host=localhost;Database=fininfra_design", o => o.MigrationsHistoryTable(MigrationHistory.Table)).UseSnakeCaseNamingConvention().Options,
        new DataScope(new NoUser()));
}

internal sealed class NoUser : ICurrentUser
{
    public Guid? UserId => null;
}
