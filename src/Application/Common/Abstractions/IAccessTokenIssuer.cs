namespace FinInfra.Application.Common.Abstractions;

/// <summary>Issues the bearer token a client presents on every request after logging in.</summary>
public interface IAccessTokenIssuer
{
    /// <param name="securityStamp">The user's current stamp; the token is accepted only while it still is.</param>
    IssuedAccessToken Issue(Guid userId, string securityStamp);
}

/// <summary>A signed access token and how long it stays valid.</summary>
public sealed record IssuedAccessToken(string Token, TimeSpan Lifetime)
{
    public override string ToString() => $"IssuedAccessToken(***, {Lifetime})";
}

/// <summary>
/// The per-instance memory of each user's security stamp that spares the per-request token check a database
/// trip. Whoever changes a stamp tells it, so this instance stops accepting the old tokens at once.
/// </summary>
public interface ISecurityStampCache
{
    void Forget(Guid userId);
}
