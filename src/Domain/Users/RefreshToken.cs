using FinInfra.Domain.Common;

namespace FinInfra.Domain.Users;

/// <summary>
/// One link of a session's refresh-token chain. Only a hash of the token is stored. A token is spent once: using
/// it consumes it and issues the next link of the same <see cref="FamilyId"/>. Presenting a consumed token again
/// means it was copied, so the whole family is revoked.
/// </summary>
public sealed class RefreshToken : Entity, IOwnedByUser
{
    /// <summary>Hex of a SHA-256 digest.</summary>
    public const int HashLength = 64;

    private RefreshToken() { TokenHash = null!; }

    private RefreshToken(Guid userId, Guid familyId, string tokenHash, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        UserId = userId;
        FamilyId = familyId;
        TokenHash = tokenHash;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
    }

    public Guid UserId { get; private set; }

    /// <summary>The session: every token rotated from one login shares it.</summary>
    public Guid FamilyId { get; private set; }

    public string TokenHash { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>When the token was exchanged for the next one; a token is consumed at most once.</summary>
    public DateTimeOffset? ConsumedAt { get; private set; }

    /// <summary>When the session was ended (logout, password change, or reuse of a consumed token).</summary>
    public DateTimeOffset? RevokedAt { get; private set; }

    public static RefreshToken Issue(Guid userId, Guid familyId, string tokenHash, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        Guard.Owner(userId);
        if (tokenHash is not { Length: HashLength })
            throw new DomainRuleException("refresh_token.hash", "A refresh token must be stored as its SHA-256 hash.");
        if (expiresAt <= issuedAt)
            throw new DomainRuleException("refresh_token.expiry", "A refresh token must expire after it is issued.");
        return new RefreshToken(userId, familyId, tokenHash, issuedAt, expiresAt);
    }
}
