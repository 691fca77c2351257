using System.Security.Claims;
using FinInfra.Application.Common.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FinInfra.Api.Authentication;

/// <summary>
/// HMAC-SHA256 signed JWTs whose subject is the user id and whose <c>sst</c> claim is the user's security stamp at
/// issue; times come from <see cref="TimeProvider"/>.
/// </summary>
public sealed class JwtAccessTokenIssuer(JwtSettings settings, TimeProvider clock) : IAccessTokenIssuer
{
    public const string SecurityStampClaim = "sst";

    private static readonly JsonWebTokenHandler Handler = new();

    public IssuedAccessToken Issue(Guid userId, string securityStamp)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, userId.ToString()),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
                new Claim(SecurityStampClaim, securityStamp),
            ]),
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + settings.AccessTokenLifetime,
            SigningCredentials = new SigningCredentials(settings.SigningKey, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedAccessToken(token, settings.AccessTokenLifetime);
    }
}
