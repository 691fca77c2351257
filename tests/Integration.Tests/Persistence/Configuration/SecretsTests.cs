using System.Text.Json;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Common;
using FinInfra.Infrastructure;
using FinInfra.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NSubstitute;

namespace FinInfra.Integration.Tests.Persistence.Configuration;

public sealed class KeyRingAndProtectorTests
{
    private const string Context = "bank_connections:abc:access_token";
    private static readonly byte[] KeyOne = Enumerable.Repeat((byte)1, 32).ToArray();
    private static readonly byte[] KeyTwo = Enumerable.Repeat((byte)2, 32).ToArray();

    private static AesGcmSecretProtector Protector(string active, params (string Id, byte[] Key)[] keys) =>
        new(new EncryptionKeyRing(keys.ToDictionary(k => k.Id, k => k.Key), active));

    [Fact]
    public void Protect_round_trips_names_the_key_and_never_repeats_a_ciphertext()
    {
        var protector = Protector("k1", ("k1", KeyOne));
        var a = protector.Protect("token-123", Context);
        var b = protector.Protect("token-123", Context);
        Assert.StartsWith("v2:k1:", a.StoredValue);
        Assert.NotEqual(a, b);
        Assert.DoesNotContain("token-123", a.StoredValue);
        Assert.Equal("token-123", protector.Unprotect(a, Context));
    }

    [Fact]
    public void Another_context_or_a_tampered_payload_fails_without_revealing_the_secret()
    {
        var protector = Protector("k1", ("k1", KeyOne));
        var secret = protector.Protect("token-123", Context);
        var wrongRow = Assert.Throws<SecretDecryptionException>(() => protector.Unprotect(secret, "bank_connections:def:access_token"));
        Assert.DoesNotContain("token-123", wrongRow.Message);

        var payload = secret.StoredValue.ToCharArray();
        payload[^3] = payload[^3] == 'A' ? 'B' : 'A';
        Assert.Throws<SecretDecryptionException>(() => protector.Unprotect(new EncryptedSecret(new string(payload)), Context));
        Assert.Throws<SecretDecryptionException>(() => protector.Unprotect(new EncryptedSecret("plaintext-token"), Context));
        Assert.Throws<SecretDecryptionException>(() => protector.Unprotect(new EncryptedSecret("v1:k1:!!"), Context));
    }

    [Fact]
    public void Rotation_keeps_old_secrets_readable_until_they_are_resealed()
    {
        var before = Protector("k1", ("k1", KeyOne));
        var during = Protector("k2", ("k1", KeyOne), ("k2", KeyTwo));
        var after = Protector("k2", ("k2", KeyTwo));
        var old = before.Protect("token-123", Context);

        Assert.False(before.NeedsRotation(old));
        Assert.True(during.NeedsRotation(old));
        Assert.Equal("token-123", during.Unprotect(old, Context));
        var resealed = during.Protect(during.Unprotect(old, Context), Context);
        Assert.StartsWith("v1:k2:", resealed.StoredValue);
        Assert.False(during.NeedsRotation(resealed));

        Assert.Equal("token-123", after.Unprotect(resealed, Context));
        var missing = Assert.Throws<SecretDecryptionException>(() => after.Unprotect(old, Context));
        Assert.Contains("k1", missing.Message);
    }

    [Fact]
    public void Key_ring_comes_from_configuration()
    {
        Assert.Null(EncryptionKeyRing.FromConfiguration(new ConfigurationBuilder().Build()));
        var single = EncryptionKeyRing.FromConfiguration(Config(("Encryption:Keys:main", Convert.ToBase64String(KeyOne))));
        Assert.Equal("main", single!.ActiveKeyId);
        var two = EncryptionKeyRing.FromConfiguration(Config(("Encryption:Keys:a", Convert.ToBase64String(KeyOne)), ("Encryption:Keys:b", Convert.ToBase64String(KeyTwo)), ("Encryption:ActiveKeyId", "b")));
        Assert.Equal(("b", 2), (two!.ActiveKeyId, two.KeyIds.Count));
    }

    [Theory]
    [InlineData("Encryption:Keys:k1", "not base64!", null)]
    [InlineData("Encryption:Keys:k1", "AAAA", null)]
    [InlineData("Encryption:Keys:bad id", "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=", null)]
    [InlineData("Encryption:Keys:k1", "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=", "k9")]
    public void Bad_key_configuration_is_refused(string key, string value, string? active)
    {
        var values = new List<(string, string)> { (key, value) };
        if (active is not null) values.Add(("Encryption:ActiveKeyId", active));
        var error = Assert.Throws<InvalidOperationException>(() => EncryptionKeyRing.FromConfiguration(Config([.. values])));
        Assert.DoesNotContain("AQEBAQEB", error.Message);
    }

    [Fact]
    public void Several_keys_need_an_active_one() =>
        Assert.Throws<InvalidOperationException>(() => EncryptionKeyRing.FromConfiguration(Config(
            ("Encryption:Keys:a", Convert.ToBase64String(KeyOne)), ("Encryption:Keys:b", Convert.ToBase64String(KeyTwo)))));

    internal static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}

public sealed class LocalDevelopmentSecretsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fininfra-secrets-").FullName;

    private string PathIn => Path.Combine(_folder, ".fininfra", "dev-secrets.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Keys_are_generated_once_then_reused_and_the_file_is_private()
    {
        var (created, wasCreated) = LocalDevelopmentSecrets.LoadOrCreate(PathIn);
        var (loaded, wasCreatedAgain) = LocalDevelopmentSecrets.LoadOrCreate(PathIn);
        Assert.True(wasCreated);
        Assert.False(wasCreatedAgain);
        Assert.Equal(created.EncryptionKey, loaded.EncryptionKey);
        Assert.Equal(32, Convert.FromBase64String(created.EncryptionKey).Length);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathIn));
    }

    [Fact]
    public void A_partial_file_keeps_its_encryption_key()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathIn)!);
        var key = Convert.ToBase64String(Enumerable.Repeat((byte)9, 32).ToArray());
        File.WriteAllText(PathIn, JsonSerializer.Serialize(new { encryptionKeyId = "mine", encryptionKey = key }));
        var (secrets, _) = LocalDevelopmentSecrets.LoadOrCreate(PathIn);
        Assert.Equal(("mine", key), (secrets.EncryptionKeyId, secrets.EncryptionKey));
        Assert.NotEmpty(secrets.JwtSigningKey);
    }

    [Fact]
    public void A_corrupt_file_is_not_overwritten()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathIn)!);
        File.WriteAllText(PathIn, "{ not json");
        Assert.Throws<MissingSecretException>(() => LocalDevelopmentSecrets.LoadOrCreate(PathIn));
        Assert.Equal("{ not json", File.ReadAllText(PathIn));
    }
}

/// <summary>The startup rule for the encryption key, through the real service registration.</summary>
public sealed class EncryptionKeyStartupTests
{
    private static IHostEnvironment Environment(string name)
    {
        var environment = Substitute.For<IHostEnvironment>();
        environment.EnvironmentName.Returns(name);
        return environment;
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_Development_the_service_refuses_to_start_without_a_key(string name)
    {
        var error = Assert.Throws<MissingSecretException>(() =>
            new ServiceCollection().AddInfrastructure(KeyRingAndProtectorTests.Config(("SQL_URL", "sqlite:///x.db")), Environment(name)));
        Assert.Contains("Encryption:Keys", error.Message);
    }

    [Fact]
    public void Outside_Development_a_configured_key_is_used()
    {
        var key = Convert.ToBase64String(Enumerable.Repeat((byte)3, 32).ToArray());
        var services = new ServiceCollection().AddInfrastructure(
            KeyRingAndProtectorTests.Config(("SQL_URL", "sqlite:///x.db"), ("Encryption:Keys:prod1", key)), Environment("Production"));
        using var provider = services.BuildServiceProvider();
        Assert.Empty(provider.GetRequiredService<StartupNotes>().Warnings);
        Assert.StartsWith("v2:prod1:", provider.GetRequiredService<ISecretProtector>().Protect("t", "c").StoredValue);
        // Production wiring hashes at the full cost (the API tests swap in a cheap hasher; this proves they must).
        Assert.StartsWith("pbkdf2-sha256$600000$", provider.GetRequiredService<IPasswordHasher>().Hash("correct horse"));
    }

    [Fact]
    public void In_Development_a_local_key_file_is_used_with_a_warning_that_shows_no_key()
    {
        var services = new ServiceCollection().AddInfrastructure(KeyRingAndProtectorTests.Config(("SQL_URL", "sqlite:///x.db")), Environment(Environments.Development));
        using var provider = services.BuildServiceProvider();
        var warning = Assert.Single(provider.GetRequiredService<StartupNotes>().Warnings);
        Assert.Contains(LocalDevelopmentSecrets.DefaultPath, warning);
        Assert.Contains("Never use it outside development", warning);
        var (secrets, _) = LocalDevelopmentSecrets.LoadOrCreate();
        Assert.DoesNotContain(secrets.EncryptionKey, warning);
        Assert.StartsWith($"v2:{secrets.EncryptionKeyId}:", provider.GetRequiredService<ISecretProtector>().Protect("t", "c").StoredValue);
    }
}

public sealed class Pbkdf2PasswordHasherTests
{
    [Fact]
    public void Hashes_are_salted_carry_their_parameters_and_verify()
    {
        var hasher = new Pbkdf2PasswordHasher(iterations: 1_000);
        var a = hasher.Hash("correct horse");
        var b = hasher.Hash("correct horse");
        Assert.NotEqual(a, b);
        Assert.StartsWith("pbkdf2-sha256$1000$", a);
        Assert.DoesNotContain("correct horse", a);
        Assert.True(hasher.Verify("correct horse", a));
        Assert.False(hasher.Verify("Correct horse", a));
        Assert.False(hasher.Verify("correct horse", "pbkdf2-sha256$1000$!!$!!"));
        Assert.False(hasher.Verify("correct horse", "md5$abc"));
    }

    [Fact]
    public void The_default_is_OWASPs_iteration_count() => Assert.Equal(600_000, Pbkdf2PasswordHasher.DefaultIterations);
}
