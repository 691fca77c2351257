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

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Upgrading_to_sessions_keeps_users_and_gives_each_a_stamp_of_its_own(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        await using var db = database.CreateContext(systemScope: true);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("InitialSchema");
        var ids = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() };
        foreach (var id in ids)
            await db.Database.ExecuteSqlAsync($"INSERT INTO users (id, email, hashed_password, created_at, updated_at) VALUES ({id}, {$"u{id:N}@example.com"}, {"pbkdf2-sha256$1$c2FsdA==$aGFzaA=="}, {DateTime.UtcNow}, {DateTime.UtcNow})");

        await migrator.MigrateAsync();

        var users = await db.Users.AsNoTracking().ToListAsync();
        Assert.Equal(ids.Order(), users.Select(u => u.Id).Order());
        Assert.All(users, u => Assert.Matches("^[0-9a-f]{32}$", u.SecurityStamp));
        Assert.NotEqual(users[0].SecurityStamp, users[1].SecurityStamp);
    }
}
