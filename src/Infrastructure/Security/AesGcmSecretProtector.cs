using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using FinInfra.Domain.Common;

namespace FinInfra.Infrastructure.Security;

/// <summary>
/// AES-256-GCM. The stored form is <c>{version}:{keyId}:{base64url(nonce ‖ tag ‖ ciphertext)}</c>; the context is
/// the associated data, so a ciphertext copied onto another row fails authentication. <c>v2</c> (every new seal)
/// means the caller's full binding context was authenticated; <c>v1</c> values were sealed under the caller's legacy
/// context (row and column only) and still open until <c>db rotate-keys</c> re-seals them as <c>v2</c>.
/// </summary>
public sealed class AesGcmSecretProtector(EncryptionKeyRing keyRing) : ISecretProtector
{
    private const string Version = "v2";
    private const string LegacyVersion = "v1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public EncryptedSecret Protect(string plaintext, string context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var plainBytes = Encoding.UTF8.GetBytes(plaintext);
        var payload = new byte[NonceSize + TagSize + plainBytes.Length];
        var nonce = payload.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keyRing.ActiveKey, TagSize);
        aes.Encrypt(nonce, plainBytes, payload.AsSpan(NonceSize + TagSize), payload.AsSpan(NonceSize, TagSize), AssociatedData(context));
        CryptographicOperations.ZeroMemory(plainBytes);
        return new EncryptedSecret($"{Version}:{keyRing.ActiveKeyId}:{Base64Url.EncodeToString(payload)}");
    }

    public string Unprotect(EncryptedSecret secret, string context)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var (keyId, payload) = Parse(secret);
        if (!keyRing.TryGetKey(keyId, out var key))
            throw new SecretDecryptionException($"The secret was sealed with key '{keyId}', which is not in the key ring.");
        if (payload.Length < NonceSize + TagSize)
            throw new SecretDecryptionException("The secret is malformed.");
        var plain = new byte[payload.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(payload.AsSpan(0, NonceSize), payload.AsSpan(NonceSize + TagSize), payload.AsSpan(NonceSize, TagSize), plain, AssociatedData(context));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretDecryptionException("The secret does not belong to this row, or has been tampered with.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public bool NeedsRotation(EncryptedSecret secret) => UsesLegacyBinding(secret) || Parse(secret).KeyId != keyRing.ActiveKeyId;

    public bool UsesLegacyBinding(EncryptedSecret secret)
    {
        Parse(secret);
        return secret.StoredValue.StartsWith(LegacyVersion + ":", StringComparison.Ordinal);
    }

    private static (string KeyId, byte[] Payload) Parse(EncryptedSecret secret)
    {
        var parts = secret.StoredValue.Split(':');
        if (parts.Length != 3 || parts[0] is not (Version or LegacyVersion))
            throw new SecretDecryptionException("The secret is not in a recognised format.");
        try
        {
            return (parts[1], Base64Url.DecodeFromChars(parts[2]));
        }
        catch (FormatException)
        {
            throw new SecretDecryptionException("The secret is malformed.");
        }
    }

    private static byte[] AssociatedData(string context) => Encoding.UTF8.GetBytes(context);
}

/// <summary>A secret could not be opened. The message never contains the secret.</summary>
public sealed class SecretDecryptionException(string message) : CryptographicException(message);
