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
            if (File.Exists(path))
            {
                var existing = JsonSerializer.Deserialize<LocalDevelopmentSecrets>(File.ReadAllText(path));
                if (existing is { EncryptionKey.Length: > 0, JwtSigningKey.Length: > 0 }) return (existing, false);
            }
            var created = new LocalDevelopmentSecrets
            {
                EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                JwtSigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)),
            };
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, JsonSerializer.Serialize(created, new JsonSerializerOptions { WriteIndented = true }));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return (created, true);
        }
    }
}
