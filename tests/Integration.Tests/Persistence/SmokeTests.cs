using FinInfra.Domain.Common;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Integration.Tests.Persistence;

public sealed class SmokeTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrated_database_stores_and_reads_a_user(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var user = User.Register(Email.Create("Ada@Example.com"), "pbkdf2-sha256$1$salt$hash");
        await using (var db = database.CreateContext(systemScope: true))
        {
            db.Users.Add(user);
            await db.SaveChangesAsync();
        }
        await using (var db = database.CreateContext(userId: user.Id))
        {
            var loaded = await db.Users.SingleAsync();
            Assert.Equal("ada@example.com", loaded.Email.Value);
            Assert.NotEqual(default, loaded.CreatedAt);
        }
    }
}
