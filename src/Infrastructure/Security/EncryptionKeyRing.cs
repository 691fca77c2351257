using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace FinInfra.Infrastructure.Security;

/// <summary>
/// The AES-256 keys secrets are sealed with, from configuration:
/// <c>Encryption:Keys:{id}</c> = base64 of 32 random bytes, and <c>Encryption:ActiveKeyId</c> = the id new
/// secrets are sealed with (optional when there is one key). Old keys stay in the ring so existing secrets open
/// until <c>db rotate-keys</c> has re-sealed them.
/// </summary>
public sealed partial class EncryptionKeyRing
{
    public const string Section = "Encryption";

    private readonly Dictionary<string, byte[]> _keys;

    public EncryptionKeyRing(IReadOnlyDictionary<string, byte[]> keys, string activeKeyId)
    {
        if (keys.Count == 0) throw new InvalidOperationException("The encryption key ring is empty.");
        foreach (var (id, key) in keys)
        {
            if (!KeyIdPattern().IsMatch(id)) throw new InvalidOperationException($"Encryption key id '{id}' must be 1–32 letters, digits, '-' or '_'.");
            if (key.Length != 32) throw new InvalidOperationException($"Encryption key '{id}' must be 32 bytes (AES-256), base64-encoded.");
        }
        if (!keys.ContainsKey(activeKeyId)) throw new InvalidOperationException($"Encryption:ActiveKeyId '{activeKeyId}' names no configured key.");
        _keys = new Dictionary<string, byte[]>(keys);
        ActiveKeyId = activeKeyId;
    }

    public string ActiveKeyId { get; }

    public byte[] ActiveKey => _keys[ActiveKeyId];

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public bool TryGetKey(string keyId, out byte[] key) => _keys.TryGetValue(keyId, out key!);

    /// <summary>Null when no key is configured (the caller decides whether a development key may be generated).</summary>
    public static EncryptionKeyRing? FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var keys = new Dictionary<string, byte[]>();
        foreach (var child in section.GetSection("Keys").GetChildren())
        {
            if (string.IsNullOrWhiteSpace(child.Value)) continue;
            try
            {
                keys[child.Key] = Convert.FromBase64String(child.Value.Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"Encryption key '{child.Key}' is not valid base64.");
            }
        }
        if (keys.Count == 0) return null;
        var active = section["ActiveKeyId"];
        if (string.IsNullOrWhiteSpace(active))
        {
            if (keys.Count > 1) throw new InvalidOperationException("Several encryption keys are configured: set Encryption:ActiveKeyId.");
            active = keys.Keys.Single();
        }
        return new EncryptionKeyRing(keys, active.Trim());
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex KeyIdPattern();
}
