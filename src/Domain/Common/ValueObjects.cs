using System.Net.Mail;
using System.Text.RegularExpressions;

namespace FinInfra.Domain.Common;

/// <summary>
/// A currency: an ISO 4217 code (three letters) or a provider's unofficial code (crypto such as BTC, DOGE, USDT: 3 to
/// 10 letters or digits). Input is trimmed and upper-cased. Codes are only ever compared, never converted.
/// </summary>
public readonly partial record struct CurrencyCode
{
    public static readonly CurrencyCode Usd = new("USD");

    public CurrencyCode(string? value)
    {
        var code = value?.Trim().ToUpperInvariant() ?? "";
        if (!Pattern().IsMatch(code))
            throw new DomainRuleException("currency.invalid", Message);
        _value = code;
    }

    /// <summary>The longest code stored (a column's length).</summary>
    public const int MaxLength = 10;

    public const string Message = "Currency must be an ISO 4217 code or a provider's code of 3 to 10 letters or digits.";

    private readonly string? _value;

    /// <summary>The code; a default-constructed value reads as USD, the documented default.</summary>
    public string Value => _value ?? "USD";

    /// <summary>The given code, or USD (the documented default) when a request names none.</summary>
    public static CurrencyCode OrUsd(string? value) => value is null ? Usd : new CurrencyCode(value);

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value.Trim().ToUpperInvariant());

    public override string ToString() => Value;

    [GeneratedRegex("^[A-Z0-9]{3,10}$")]
    private static partial Regex Pattern();
}

/// <summary>An e-mail address, normalised (trimmed, lower-cased) so uniqueness is case-insensitive.</summary>
public sealed record Email
{
    private Email(string value) => Value = value;

    public string Value { get; }

    /// <summary>The longest address (RFC 5321's path limit less its brackets).</summary>
    public const int MaxLength = 254;

    public const string InvalidMessage = "Email is not a valid address.";

    public static Email Create(string? value)
    {
        var candidate = value?.Trim().ToLowerInvariant() ?? "";
        if (!IsValid(candidate))
            throw new DomainRuleException("email.invalid", InvalidMessage);
        return new Email(candidate);
    }

    public static bool IsValid(string? value)
    {
        var candidate = value?.Trim() ?? "";
        if (candidate.Length is 0 or > MaxLength || candidate.Contains(' ')) return false;
        if (!MailAddress.TryCreate(candidate, out var address)) return false;
        return address.Address.Equals(candidate, StringComparison.OrdinalIgnoreCase)
               && address.Host.Contains('.') && !address.Host.EndsWith('.');
    }

    public override string ToString() => Value;
}

/// <summary>
/// A secret as stored: ciphertext that names the key it was sealed with. It never reveals itself through
/// <see cref="ToString"/>; only an <see cref="ISecretProtector"/> can open it.
/// </summary>
public sealed class EncryptedSecret : IEquatable<EncryptedSecret>
{
    public EncryptedSecret(string storedValue)
    {
        if (string.IsNullOrWhiteSpace(storedValue))
            throw new DomainRuleException("secret.invalid", "An encrypted secret cannot be empty.");
        StoredValue = storedValue;
    }

    /// <summary>The stored form, <c>{version}:{keyId}:{payload}</c>. For persistence only.</summary>
    public string StoredValue { get; }

    public override string ToString() => "***";

    public bool Equals(EncryptedSecret? other) => other is not null && StoredValue == other.StoredValue;

    public override bool Equals(object? obj) => Equals(obj as EncryptedSecret);

    public override int GetHashCode() => StoredValue.GetHashCode(StringComparison.Ordinal);
}

/// <summary>
/// Seals and opens secrets. <paramref name="context"/> binds a ciphertext to the row and column it belongs to,
/// so a ciphertext copied elsewhere does not open.
/// </summary>
public interface ISecretProtector
{
    EncryptedSecret Protect(string plaintext, string context);

    string Unprotect(EncryptedSecret secret, string context);

    /// <summary>True when the secret was not sealed with the active key, or was sealed under a legacy context.</summary>
    bool NeedsRotation(EncryptedSecret secret);

    /// <summary>True when the secret was sealed before contexts bound more than its row and column: open it with the legacy context.</summary>
    bool UsesLegacyBinding(EncryptedSecret secret);
}
