using FinInfra.Infrastructure;
using FinInfra.Infrastructure.Security;
using Microsoft.IdentityModel.Tokens;

namespace FinInfra.Api.Authentication;

/// <summary>
/// How access tokens are signed and how long they live. <c>Jwt:SigningKey</c> (base64 of at least 32 random
/// bytes) is required outside Development; in Development a key is generated once into the local secrets file.
/// </summary>
public sealed class JwtSettings
{
    public const string Section = "Jwt";
    public const int MinimumKeyBytes = 32;

    private JwtSettings(SymmetricSecurityKey signingKey, TimeSpan lifetime, string issuer, string audience)
    {
        SigningKey = signingKey;
        AccessTokenLifetime = lifetime;
        Issuer = issuer;
        Audience = audience;
    }

    public SymmetricSecurityKey SigningKey { get; }
    public TimeSpan AccessTokenLifetime { get; }
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

        var minutes = section.GetValue("AccessTokenMinutes", 60);
        if (minutes is < 1 or > 24 * 60)
            throw new InvalidOperationException("Jwt:AccessTokenMinutes must be between 1 and 1440.");
        return new JwtSettings(new SymmetricSecurityKey(key), TimeSpan.FromMinutes(minutes),
            section["Issuer"] ?? "fininfra", section["Audience"] ?? "fininfra-api");
    }
}
