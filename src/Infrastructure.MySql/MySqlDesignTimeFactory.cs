using Microsoft.EntityFrameworkCore.Design;

namespace FinInfra.Infrastructure.MySql;

/// <summary>
/// Lets <c>dotnet ef migrations add … --project src/Infrastructure.MySql</c> build the model without the host; no server
/// is contacted.
/// </summary>
public sealed class MySqlDesignTimeFactory : IDesignTimeDbContextFactory<MySqlAppDbContext>
{
    public MySqlAppDbContext CreateDbContext(string[] args) =>
        new MySqlEngine().CreateDesignTimeContext();
}
