namespace FinInfra.Application.Common.Abstractions;

/// <summary>Issues the bearer token a client presents on every request after logging in.</summary>
public interface IAccessTokenIssuer
{
    IssuedAccessToken Issue(Guid userId);
}

/// <summary>A signed access token and how long it stays valid.</summary>
public sealed record IssuedAccessToken(string Token, TimeSpan Lifetime)
{
    public override string ToString() => $"IssuedAccessToken(***, {Lifetime})";
}
