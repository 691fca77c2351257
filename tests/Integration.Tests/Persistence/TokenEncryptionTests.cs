using System.Data.Common;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Security;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>Access tokens at rest: sealed, naming their key, bound to their row.</summary>
public sealed class TokenEncryptionTests
{
    private static async Task<List<string>> RawTokensAsync(TestDatabase database)
    {
        await using var db = database.CreateContext(systemScope: true);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT access_token FROM bank_connections ORDER BY id";
        var values = new List<string>();
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_stored_token_is_ciphertext_naming_its_key(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var data = await PersistenceTestData.SeedAsync(database, "enc@example.com");

        var stored = Assert.Single(await RawTokensAsync(database));
        Assert.DoesNotContain(PersistenceTestData.PlainToken, stored);
        Assert.DoesNotContain("plaintext", stored);
        Assert.StartsWith("v1:k1:", stored);

        await using var db = database.CreateContext(userId: data.User.Id);
        var connection = await db.BankConnections.SingleAsync();
        Assert.Equal(PersistenceTestData.PlainToken, connection.RevealAccessToken(PersistenceTestData.Protector()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_ciphertext_copied_onto_another_row_does_not_decrypt(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var victim = await PersistenceTestData.SeedAsync(database, "victim@example.com");
        var attacker = await PersistenceTestData.SeedAsync(database, "attacker@example.com");

        await using (var db = database.CreateContext(systemScope: true))
        {
            var copied = await db.Database.ExecuteSqlAsync(
                $"UPDATE bank_connections SET access_token = (SELECT access_token FROM bank_connections WHERE id = {victim.Connection.Id}) WHERE id = {attacker.Connection.Id}");
            Assert.Equal(1, copied);
        }

        await using var read = database.CreateContext(userId: attacker.User.Id);
        var connection = await read.BankConnections.SingleAsync();
        var error = Assert.Throws<SecretDecryptionException>(() => connection.RevealAccessToken(PersistenceTestData.Protector()));
        Assert.DoesNotContain(PersistenceTestData.PlainToken, error.Message);
    }
}
