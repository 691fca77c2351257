using System.Buffers.Text;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using FinInfra.Domain.Common;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.Cli;
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
        Assert.StartsWith("v2:k1:", stored);

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

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_does_not_open_once_its_row_names_another_owner_or_item(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var victim = await PersistenceTestData.SeedAsync(database, "victim@example.com");
        var attacker = await PersistenceTestData.SeedAsync(database, "attacker@example.com");

        // Someone with write access to the table hands the victim's connection (and its sealed token) to themselves.
        await using (var db = database.CreateContext(systemScope: true))
            Assert.Equal(1, await db.Database.ExecuteSqlAsync(
                $"UPDATE bank_connections SET user_id = {attacker.User.Id} WHERE id = {victim.Connection.Id}"));
        await using (var read = database.CreateContext(systemScope: true))
        {
            var moved = await read.BankConnections.SingleAsync(c => c.Id == victim.Connection.Id);
            Assert.Throws<SecretDecryptionException>(() => moved.RevealAccessToken(PersistenceTestData.Protector()));
        }

        // Or points it at another item of the same provider.
        await using (var db = database.CreateContext(systemScope: true))
            Assert.Equal(1, await db.Database.ExecuteSqlAsync(
                $"UPDATE bank_connections SET item_id = 'item-of-someone-else' WHERE id = {attacker.Connection.Id}"));
        await using (var read = database.CreateContext(systemScope: true))
        {
            var repointed = await read.BankConnections.SingleAsync(c => c.Id == attacker.Connection.Id);
            Assert.Throws<SecretDecryptionException>(() => repointed.RevealAccessToken(PersistenceTestData.Protector()));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_sealed_in_the_old_row_only_format_still_opens_and_rotate_keys_upgrades_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var data = await PersistenceTestData.SeedAsync(database, "old@example.com");
        var legacy = SealLegacy(PersistenceTestData.PlainToken, $"bank_connections:{data.Connection.Id:N}:access_token");
        await using (var db = database.CreateContext(systemScope: true))
            await db.Database.ExecuteSqlAsync($"UPDATE bank_connections SET access_token = {legacy} WHERE id = {data.Connection.Id}");

        await using (var read = database.CreateContext(userId: data.User.Id))
            Assert.Equal(PersistenceTestData.PlainToken, (await read.BankConnections.SingleAsync()).RevealAccessToken(PersistenceTestData.Protector()));

        var output = new StringWriter();
        await using (var db = database.CreateContext(systemScope: true))
        {
            var commands = new DatabaseCommands(db, database.Settings, new TestEnvironment(), PersistenceTestData.Protector(), new Pbkdf2PasswordHasher(1_000), TimeProvider.System, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), output);
            await commands.RotateKeysAsync(CancellationToken.None);
        }
        Assert.Contains("Re-encrypted 1 of 1 token(s)", output.ToString());

        var stored = Assert.Single(await RawTokensAsync(database));
        Assert.StartsWith("v2:k1:", stored);
        await using var check = database.CreateContext(userId: data.User.Id);
        var connection = await check.BankConnections.SingleAsync();
        Assert.Equal(PersistenceTestData.PlainToken, connection.RevealAccessToken(PersistenceTestData.Protector()));
        // Upgraded means bound: the old row-only context no longer opens it.
        Assert.Throws<SecretDecryptionException>(() => PersistenceTestData.Protector().Unprotect(new EncryptedSecret(stored), $"bank_connections:{data.Connection.Id:N}:access_token"));
    }

    /// <summary>A token as the service sealed it before the context bound owner, provider and item: format v1, row and column only.</summary>
    private static string SealLegacy(string token, string context)
    {
        var key = new byte[32];
        Array.Fill(key, (byte)7);
        var plain = Encoding.UTF8.GetBytes(token);
        var payload = new byte[12 + 16 + plain.Length];
        RandomNumberGenerator.Fill(payload.AsSpan(0, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(payload.AsSpan(0, 12), plain, payload.AsSpan(28), payload.AsSpan(12, 16), Encoding.UTF8.GetBytes(context));
        return $"v1:k1:{Base64Url.EncodeToString(payload)}";
    }

    private sealed class TestEnvironment : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "FinInfra.Tests";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
