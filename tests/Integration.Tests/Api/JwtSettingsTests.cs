using FinInfra.Api.Authentication;
using FinInfra.Infrastructure;
using FinInfra.Infrastructure.Security;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace FinInfra.Integration.Tests.Api;

/// <summary>The signing key follows the encryption key's rule: required outside Development, and never weak.</summary>
public sealed class JwtSettingsTests
{
    private static JwtSettings Read(string? key, string environment = "Production", string? minutes = null, string? tokenCacheEntries = null) =>
        JwtSettings.FromConfiguration(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Jwt:SigningKey"] = key, ["Jwt:AccessTokenMinutes"] = minutes, ["Jwt:ValidatedTokenCacheEntries"] = tokenCacheEntries,
            }).Build(),
            new HostingEnvironment { EnvironmentName = environment },
            new StartupNotes());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("c2hvcnQ=")]
    public void Outside_development_a_missing_or_weak_key_refuses_to_start(string? key)
    {
        var error = Assert.Throws<MissingSecretException>(() => Read(key, Environments.Production));
        Assert.Contains("Jwt:SigningKey", error.Message);
    }

    [Fact]
    public void A_configured_key_is_used_with_the_configured_lifetime()
    {
        var settings = Read(ApiFactory.JwtSigningKey, "Staging", minutes: "15");
        Assert.Equal(TimeSpan.FromMinutes(15), settings.AccessTokenLifetime);
        Assert.True(settings.SigningKey.KeySize >= JwtSettings.MinimumKeyBytes * 8);
    }

    [Fact]
    public void Access_tokens_are_short_lived_by_default_and_bounded()
    {
        var settings = Read(ApiFactory.JwtSigningKey);
        Assert.Equal(TimeSpan.FromMinutes(15), settings.AccessTokenLifetime);
        Assert.Equal(TimeSpan.FromDays(30), settings.RefreshTokenLifetime);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.SecurityStampCacheDuration);
        Assert.Throws<InvalidOperationException>(() => Read(ApiFactory.JwtSigningKey, minutes: "0"));
        Assert.Throws<InvalidOperationException>(() => Read(ApiFactory.JwtSigningKey, minutes: "61"));
    }

    [Theory]
    [InlineData(null, 10_000)]
    [InlineData("0", 0)]
    [InlineData("1000000", 1_000_000)]
    [InlineData("-1", null)]
    [InlineData("1000001", null)]
    public void The_validated_token_cache_is_on_by_default_bounded_and_can_be_off(string? configured, int? expected)
    {
        JwtSettings Configured() => Read(ApiFactory.JwtSigningKey, tokenCacheEntries: configured);
        if (expected is { } entries) Assert.Equal(entries, Configured().ValidatedTokenCacheEntries);
        else Assert.Contains("Jwt:ValidatedTokenCacheEntries", Assert.Throws<InvalidOperationException>(Configured).Message);
    }

    [Fact]
    public void In_Development_a_local_key_is_generated_with_a_warning_that_shows_no_key()
    {
        var notes = new StartupNotes();
        var settings = JwtSettings.FromConfiguration(new ConfigurationBuilder().Build(), new HostingEnvironment { EnvironmentName = Environments.Development }, notes);

        var (secrets, _) = LocalDevelopmentSecrets.LoadOrCreate();
        Assert.Equal(Convert.FromBase64String(secrets.JwtSigningKey), settings.SigningKey.Key);
        var warning = Assert.Single(notes.Warnings);
        Assert.Contains(LocalDevelopmentSecrets.DefaultPath, warning);
        Assert.DoesNotContain(secrets.JwtSigningKey, warning);
    }
}
