using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FinInfra.Integration.Tests.Persistence;

public sealed class MigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_migrations_match_the_model_exactly(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        await using var db = database.CreateContext(systemScope: true);
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} model has changes no migration captures; add a migration to both sets.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrations_go_down_to_base_and_back_up_to_head(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        await PersistenceTestData.SeedAsync(database, "migrate@example.com");
        await using (var db = database.CreateContext(systemScope: true))
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(Migration.InitialDatabase);
            Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
            Assert.Empty(await new SchemaReader(db, provider).ApplicationTablesAsync());

            await migrator.MigrateAsync();
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(SchemaReader.GuideTables, await new SchemaReader(db, provider).ApplicationTablesAsync());
        }

        // Back up means usable: the data went with the tables, and new rows fit again.
        await PersistenceTestData.SeedAsync(database, "migrate@example.com");
    }
}
