using FinInfra.Domain.Common;

namespace FinInfra.Domain.Users;

public sealed class User : Entity, IAuditable
{
    public const int SecurityStampLength = 32;

    private User() { Email = null!; HashedPassword = null!; SecurityStamp = null!; }

    private User(Email email, string hashedPassword)
    {
        Email = email;
        HashedPassword = hashedPassword;
        SecurityStamp = NewSecurityStamp();
    }

    public Email Email { get; private set; }

    /// <summary>A slow, salted hash (see the password hasher); never the password itself.</summary>
    public string HashedPassword { get; private set; }

    /// <summary>The currency the money answers are in unless a request asks for another. USD until the user sets it.</summary>
    public CurrencyCode BaseCurrency { get; private set; } = CurrencyCode.Usd;

    /// <summary>
    /// A random value every access token carries. Changing it (a password change, a logout of every session)
    /// ends every token issued before: a token whose stamp is not the user's current one is refused.
    /// </summary>
    public string SecurityStamp { get; private set; }

    /// <summary>Until when one instance's daily net-worth snapshot job holds this user (a lease; null when free).</summary>
    public DateTimeOffset? SnapshotLeaseUntil { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static User Register(Email email, string hashedPassword)
    {
        ArgumentNullException.ThrowIfNull(email);
        return new User(email, RequireHash(hashedPassword));
    }

    public void SetBaseCurrency(CurrencyCode currency) => BaseCurrency = currency;

    /// <summary>A new password ends every session that began with the old one.</summary>
    public void ChangePasswordHash(string hashedPassword)
    {
        HashedPassword = RequireHash(hashedPassword);
        EndAllSessions();
    }

    /// <summary>Every access token issued so far stops being accepted.</summary>
    public void EndAllSessions() => SecurityStamp = NewSecurityStamp();

    private static string NewSecurityStamp() => Guid.NewGuid().ToString("N");

    private static string RequireHash(string hashedPassword)
    {
        if (string.IsNullOrWhiteSpace(hashedPassword) || !hashedPassword.Contains('$'))
            throw new DomainRuleException("user.password_hash", "A user's password must be stored hashed.");
        return hashedPassword;
    }

    public override string ToString() => $"User {Id}";
}
