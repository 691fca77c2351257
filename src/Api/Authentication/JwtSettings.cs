using FinInfra.Infrastructure;
using FinInfra.Infrastructure.Security;
using Microsoft.IdentityModel.Tokens;

namespace FinInfra.Api.Authentication;

/// <summary>
/// How access tokens are signed and how long sessions' tokens live. <c>Jwt:SigningKey</c> (base64 of at least 32
/// random bytes) is required outside Development; in Development a key is generated once into the local secrets file.
/// Access tokens are short-lived (<c>Jwt:AccessTokenMinutes</c>, 15 by default); a session goes on through its
/// refresh token (<c>Jwt:RefreshTokenDays</c>, 30 by default). Each instance remembers a user's security stamp for
/// <c>Jwt:SecurityStampCacheSeconds</c> (30 by default): the longest a session ended on another instance stays usable here;
/// and up to <c>Jwt:ValidatedTokenCacheEntries</c> validated tokens (10,000 by default), so a token's signature is
/// checked once per instance, not on every request.
/// </summary>
public sealed class JwtSettings
{
    public const string Section = "Jwt";
    public const int MinimumKeyBytes = 32;

    private JwtSettings(SymmetricSecurityKey signingKey, TimeSpan lifetime, TimeSpan refreshLifetime, TimeSpan stampCacheDuration, int validatedTokenCacheEntries, string issuer, string audience)
    {
        ValidatedTokenCacheEntries = validatedTokenCacheEntries;
        SigningKey = signingKey;
        AccessTokenLifetime = lifetime;
        RefreshTokenLifetime = refreshLifetime;
        SecurityStampCacheDuration = stampCacheDuration;
        Issuer = issuer;
        Audience = audience;
    }

    public SymmetricSecurityKey SigningKey { get; }
    public TimeSpan AccessTokenLifetime { get; }
    public TimeSpan RefreshTokenLifetime { get; }
    public TimeSpan SecurityStampCacheDuration { get; }

    /// <summary>How many validated access tokens each instance remembers (<see cref="CachingJsonWebTokenHandler"/>); 0 turns it off.</summary>
    public int ValidatedTokenCacheEntries { get; }
    public string Issuer { get; }
    public string Audience { get; }

    /// <summary>Tolerance for clocks that disagree slightly between the issuer and a validating instance.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static JwtSettings FromConfiguration(IConfiguration configuration, IHostEnvironment environment, StartupNotes notes)
    {
        var section = configuration.GetSection(Section);
        var encodedKey = section["SigningKey"];
        if (string.IsNullOrWhiteSpace(encodedKey))
        {
            if (!environment.IsDevelopment())
                throw new MissingSecretException("No JWT signing key is configured. Set Jwt:SigningKey (base64 of at least 32 random bytes); see docs/api.md.");
            var (secrets, _) = LocalDevelopmentSecrets.LoadOrCreate();
            encodedKey = secrets.JwtSigningKey;
            notes.Warn($"Development: signing access tokens with the local key in {LocalDevelopmentSecrets.DefaultPath}. Never use it outside development.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(encodedKey.Trim());
        }
        catch (FormatException)
        {
            throw new MissingSecretException("Jwt:SigningKey is not valid base64.");
        }
        if (key.Length < MinimumKeyBytes)
            throw new MissingSecretException($"Jwt:SigningKey must be at least {MinimumKeyBytes} bytes of random data (base64-encoded).");

        var minutes = section.GetValue("AccessTokenMinutes", 15);
        if (minutes is < 1 or > 60)
            throw new InvalidOperationException("Jwt:AccessTokenMinutes must be between 1 and 60: access tokens are short-lived, refresh tokens carry the session.");
        var refreshDays = section.GetValue("RefreshTokenDays", 30);
        if (refreshDays is < 1 or > 365)
            throw new InvalidOperationException("Jwt:RefreshTokenDays must be between 1 and 365.");
        var stampSeconds = section.GetValue("SecurityStampCacheSeconds", 30);
        if (stampSeconds is < 0 or > 300)
            throw new InvalidOperationException("Jwt:SecurityStampCacheSeconds must be between 0 and 300.");
        var tokenCacheEntries = section.GetValue("ValidatedTokenCacheEntries", 10_000);
        if (tokenCacheEntries is < 0 or > 1_000_000)
            throw new InvalidOperationException("Jwt:ValidatedTokenCacheEntries must be between 0 (off) and 1000000.");
        return new JwtSettings(new SymmetricSecurityKey(key), TimeSpan.FromMinutes(minutes), TimeSpan.FromDays(refreshDays), TimeSpan.FromSeconds(stampSeconds), tokenCacheEntries,
            section["Issuer"] ?? "fininfra", section["Audience"] ?? "fininfra-api");
    }
}
