using Microsoft.EntityFrameworkCore.Design;

namespace FinInfra.Infrastructure.SqlServer;

/// <summary>
/// Lets <c>dotnet ef migrations add … --project src/Infrastructure.SqlServer</c> build the model without the host; no
/// server is contacted.
/// </summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAppDbContext>
{
    public SqlServerAppDbContext CreateDbContext(string[] args) =>
        new SqlServerEngine().CreateDesignTimeContext();
}
