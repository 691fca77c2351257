using FinInfra.Domain.Users;

namespace FinInfra.Application.Auth;

/// <summary>
/// The refresh-token operations that must be atomic in the database, so two instances (or two requests) racing
/// on one token cannot both spend it. Lookups ignore the per-user filter: the caller is not signed in yet.
/// </summary>
public interface IRefreshTokens
{
    /// <summary>The token with this hash, whoever owns it; null when there is none.</summary>
    Task<RefreshToken?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Marks the token consumed if nobody has yet; false when it was already consumed or revoked.</summary>
    Task<bool> TryConsumeAsync(Guid tokenId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Revokes every token of one session.</summary>
    Task RevokeFamilyAsync(Guid familyId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Revokes every token of every session of the user.</summary>
    Task RevokeAllAsync(Guid userId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Stores a new token (its hash) for a user who need not be the current one.</summary>
    Task AddAsync(RefreshToken token, CancellationToken cancellationToken);
}
