using System.Text;
using FinInfra.Domain.Common;

namespace FinInfra.Domain.Tests.Common;

/// <summary>
/// A reversible stand-in for the AES-GCM protector: it names its key and binds the context, like the real one,
/// so the aggregate's use of both can be checked without cryptography.
/// </summary>
internal sealed class FakeSecretProtector(string activeKeyId = "k1") : ISecretProtector
{
    public string ActiveKeyId { get; set; } = activeKeyId;

    public EncryptedSecret Protect(string plaintext, string context) =>
        new($"v2:{ActiveKeyId}:{Convert.ToBase64String(Encoding.UTF8.GetBytes($"{context}|{plaintext}"))}");

    public string Unprotect(EncryptedSecret secret, string context)
    {
        var sealedText = Encoding.UTF8.GetString(Convert.FromBase64String(secret.StoredValue.Split(':')[2]));
        var prefix = context + "|";
        if (!sealedText.StartsWith(prefix, StringComparison.Ordinal)) throw new InvalidOperationException("Wrong context.");
        return sealedText[prefix.Length..];
    }

    public bool NeedsRotation(EncryptedSecret secret) => UsesLegacyBinding(secret) || secret.StoredValue.Split(':')[1] != ActiveKeyId;

    public bool UsesLegacyBinding(EncryptedSecret secret) => secret.StoredValue.StartsWith("v1:", StringComparison.Ordinal);
}

internal static class Rule
{
    /// <summary>Asserts that <paramref name="act"/> breaks the named rule.</summary>
    public static DomainRuleException Broken(string rule, Action act)
    {
        var exception = Assert.Throws<DomainRuleException>(act);
        Assert.Equal(rule, exception.Rule);
        return exception;
    }
}
