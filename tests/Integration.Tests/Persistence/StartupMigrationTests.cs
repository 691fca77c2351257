using FinInfra.Api;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>The host migrates an empty database on start, as <c>dotnet run --project src/Api</c> does with zero configuration.</summary>
public sealed class StartupMigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Starting_the_service_applies_every_pending_migration(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        await using var app = ApiHost.Build([], builder =>
        {
            builder.Environment.EnvironmentName = Environments.Development;
            builder.Configuration["ConnectionStrings:Default"] = database.Settings.ConnectionString;
            builder.Configuration["Database:Provider"] = provider.ToString();
            builder.Configuration["Encryption:Keys:k1"] = Convert.ToBase64String(new byte[32]);
        });

        await ApiHost.PrepareDatabaseAsync(app);

        await using var db = database.CreateContext(systemScope: true);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(SchemaReader.GuideTables, await new SchemaReader(db, provider).ApplicationTablesAsync());
        if (provider == DatabaseProvider.Sqlite)
            Assert.Equal("wal", await new SchemaReader(db, provider).SqliteJournalModeAsync());
    }
}
