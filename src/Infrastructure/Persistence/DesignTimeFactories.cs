using FinInfra.Infrastructure.Persistence.Engines;
using Microsoft.EntityFrameworkCore.Design;

namespace FinInfra.Infrastructure.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add … --context SqliteAppDbContext</c> build the model without the host.
/// The connection string only matters for commands that touch a database.
/// </summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) => SqliteEngine.Instance.CreateDesignTimeContext();
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) => PostgresEngine.Instance.CreateDesignTimeContext();
}
