using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FinInfra.Infrastructure.Security;

/// <summary>
/// Development only: secrets generated once and kept in a git-ignored file (<c>.fininfra/dev-secrets.json</c>
/// in the working directory), so a developer needs no configuration and tokens survive restarts. Outside
/// Development the service refuses to start instead of using this.
/// </summary>
public sealed class LocalDevelopmentSecrets
{
    public const string DefaultPath = ".fininfra/dev-secrets.json";

    private static readonly Lock Gate = new();

    [JsonPropertyName("encryptionKeyId")] public string EncryptionKeyId { get; init; } = "dev";
    [JsonPropertyName("encryptionKey")] public string EncryptionKey { get; init; } = "";
    [JsonPropertyName("jwtSigningKey")] public string JwtSigningKey { get; init; } = "";

    /// <summary>Loads the file, creating it (with fresh random keys) when it is missing. Returns whether it was created.</summary>
    public static (LocalDevelopmentSecrets Secrets, bool Created) LoadOrCreate(string path = DefaultPath)
    {
        lock (Gate)
        {
            LocalDevelopmentSecrets? existing = null;
            if (File.Exists(path))
            {
                try
                {
                    existing = JsonSerializer.Deserialize<LocalDevelopmentSecrets>(File.ReadAllText(path));
                }
                catch (JsonException)
                {
                    // Overwriting it could throw away the key existing tokens were sealed with: the developer decides.
                    throw new MissingSecretException($"{path} is not valid JSON; repair it, or delete it to generate new development keys.");
                }
                if (existing is { EncryptionKey.Length: > 0, JwtSigningKey.Length: > 0 }) return (existing, false);
            }
            // Fill in only what is missing, so an existing encryption key is never replaced.
            var created = new LocalDevelopmentSecrets
            {
                EncryptionKeyId = existing?.EncryptionKeyId is { Length: > 0 } id ? id : "dev",
                EncryptionKey = existing?.EncryptionKey is { Length: > 0 } key ? key : Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                JwtSigningKey = existing?.JwtSigningKey is { Length: > 0 } jwt ? jwt : Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)),
            };
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, JsonSerializer.Serialize(created, new JsonSerializerOptions { WriteIndented = true }));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return (created, true);
        }
    }
}
