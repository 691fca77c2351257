using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.Engines;
using Microsoft.Extensions.DependencyModel;

namespace FinInfra.Architecture.Tests;

/// <summary>
/// The service's own build carries no GPL code: the MySQL provider (MySql.EntityFrameworkCore, GPL-2.0 with the Universal
/// FOSS Exception) is an extra, loaded from a providers folder only when a MySQL URL is configured (docs/adr/0010).
/// This project references the service exactly as a deployment builds it, so its dependency graph is the service's.
/// </summary>
public sealed class DefaultBuildTests
{
    [Fact]
    public void The_service_build_has_no_MySql_driver_or_provider()
    {
        var libraries = DependencyContext.Default!.RuntimeLibraries.Select(l => l.Name).ToList();
        Assert.Contains("Npgsql", libraries); // the graph is the real one
        Assert.Contains("FinInfra.Infrastructure.SqlServer", libraries);
        Assert.DoesNotContain(libraries, l => l.StartsWith("MySql", StringComparison.OrdinalIgnoreCase) || l == "FinInfra.Infrastructure.MySql");
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "MySql.Data.dll")));
    }

    [Fact]
    public void Asking_for_MySql_without_the_extra_is_a_configuration_error_that_says_how_to_install_it()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), $"fininfra-no-providers-{Guid.NewGuid():N}");
        var error = Assert.Throws<DatabaseConfigurationException>(() => DatabaseEngines.For(DatabaseProvider.MySql, nowhere));
        Assert.Contains("MySQL/MariaDB provider is not installed", error.Message);
        Assert.Contains("dotnet publish src/Infrastructure.MySql", error.Message);
        Assert.Contains(Path.Combine(nowhere, "mysql"), error.Message);
    }
}
