using FinInfra.Infrastructure.Configuration;

namespace FinInfra.Integration.Tests.Persistence.Configuration;

public sealed class DotEnvTests
{
    [Fact]
    public void Loads_values_quotes_exports_and_comments_without_overriding_the_environment()
    {
        var prefix = $"FININFRA_TEST_{Guid.NewGuid():N}_";
        var path = Path.GetTempFileName();
        try
        {
            Environment.SetEnvironmentVariable(prefix + "PRESET", "from-environment");
            File.WriteAllLines(path,
            [
                "# a comment",
                "",
                $"{prefix}PLAIN=postgresql+asyncpg://u:p@h:5432/db",
                $"export {prefix}EXPORTED=yes",
                $"{prefix}DOUBLE=\"two words # not a comment\"",
                $"{prefix}SINGLE='single'",
                $"{prefix}TRAILING=value # a comment",
                $"{prefix}PRESET=from-file",
                "not a pair",
            ]);

            Assert.Equal(5, DotEnv.Load(path));
            Assert.Equal("postgresql+asyncpg://u:p@h:5432/db", Environment.GetEnvironmentVariable(prefix + "PLAIN"));
            Assert.Equal("yes", Environment.GetEnvironmentVariable(prefix + "EXPORTED"));
            Assert.Equal("two words # not a comment", Environment.GetEnvironmentVariable(prefix + "DOUBLE"));
            Assert.Equal("single", Environment.GetEnvironmentVariable(prefix + "SINGLE"));
            Assert.Equal("value", Environment.GetEnvironmentVariable(prefix + "TRAILING"));
            Assert.Equal("from-environment", Environment.GetEnvironmentVariable(prefix + "PRESET"));
        }
        finally
        {
            File.Delete(path);
            foreach (var name in new[] { "PLAIN", "EXPORTED", "DOUBLE", "SINGLE", "TRAILING", "PRESET" })
                Environment.SetEnvironmentVariable(prefix + name, null);
        }
    }

    [Fact]
    public void A_missing_file_loads_nothing() => Assert.Equal(0, DotEnv.Load(Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.env")));
}
