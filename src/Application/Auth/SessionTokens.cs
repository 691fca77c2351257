using System.Security.Cryptography;
using System.Text;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Users;

namespace FinInfra.Application.Auth;

/// <summary>Lifetimes of the two tokens a session holds.</summary>
public sealed record SessionLifetimes(TimeSpan RefreshToken);

/// <summary>
/// Issues a session's token pair: a short-lived access token bound to the user's security stamp, and an opaque
/// refresh token (256 random bits) of which only the SHA-256 hash is stored. A fast hash is enough: the token is
/// random, not a password, so it cannot be guessed from a dictionary.
/// </summary>
public sealed class SessionTokens(IAccessTokenIssuer accessTokens, IRefreshTokens refreshTokens, SessionLifetimes lifetimes, TimeProvider clock)
{
    public const string TokenType = "Bearer";

    public async Task<AccessTokenDto> IssueAsync(User user, Guid familyId, CancellationToken cancellationToken)
    {
        var refresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        await refreshTokens.AddAsync(RefreshToken.Issue(user.Id, familyId, Hash(refresh), now, now + lifetimes.RefreshToken), cancellationToken);
        var access = accessTokens.Issue(user.Id, user.SecurityStamp);
        return new AccessTokenDto(access.Token, TokenType, (int)access.Lifetime.TotalSeconds, refresh);
    }

    public static string Hash(string refreshToken) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));
}
