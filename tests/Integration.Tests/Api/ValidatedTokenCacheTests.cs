using System.Security.Claims;
using FinInfra.Api.Authentication;
using FinInfra.Infrastructure;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.IdentityModel.Tokens;

namespace FinInfra.Integration.Tests.Api;

/// <summary>
/// The handler remembers tokens it validated; what it must never do is accept a token a full validation would refuse.
/// The session checks on top of it (logout, password change, a stamp changed elsewhere) are in <see cref="SessionTests"/>,
/// which reuse one token across requests and so go through the remembered path.
/// </summary>
public sealed class ValidatedTokenCacheTests
{
    private readonly TestClock _clock = TestClock.On("2026-06-01");
    private readonly JwtSettings _settings = JwtSettings.FromConfiguration(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jwt:SigningKey"] = ApiFactory.JwtSigningKey }).Build(),
        new HostingEnvironment { EnvironmentName = "Production" }, new StartupNotes());
    private int _signatureChecks;

    private string Issue(Guid? user = null) => new JwtAccessTokenIssuer(_settings, _clock).Issue(user ?? Guid.NewGuid(), "stamp").Token;

    /// <summary>The service's own parameters, counting each time a signature is checked (the key is looked up for it).</summary>
    private TokenValidationParameters Parameters()
    {
        var parameters = AuthenticationSetup.ValidationParameters(_settings, _clock);
        parameters.IssuerSigningKeyResolver = (_, _, _, _) =>
        {
            Interlocked.Increment(ref _signatureChecks);
            return [_settings.SigningKey];
        };
        return parameters;
    }

    [Fact]
    public async Task A_token_is_verified_once_and_each_request_gets_its_own_identity()
    {
        var handler = new CachingJsonWebTokenHandler(100, _clock);
        var parameters = Parameters();
        var user = Guid.NewGuid();
        var token = Issue(user);

        var first = await handler.ValidateTokenAsync(token, parameters);
        first.ClaimsIdentity.AddClaim(new Claim("added-by-this-request", "yes"));
        var second = await handler.ValidateTokenAsync(token, parameters);
        second.ClaimsIdentity.AddClaim(new Claim("added-by-this-request", "yes"));
        var third = await handler.ValidateTokenAsync(token, parameters);

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.True(third.IsValid);
        Assert.Equal(1, _signatureChecks);
        Assert.NotSame(second.ClaimsIdentity, third.ClaimsIdentity);
        Assert.Null(third.ClaimsIdentity.FindFirst("added-by-this-request"));
        Assert.Equal(user.ToString(), second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Equal(user.ToString(), second.ClaimsIdentity.Name);
        Assert.Equal("stamp", second.ClaimsIdentity.FindFirst(JwtAccessTokenIssuer.SecurityStampClaim)?.Value);
        Assert.Equal(first.SecurityToken.ValidTo, second.SecurityToken.ValidTo);
    }

    [Fact]
    public async Task A_remembered_token_still_expires_and_a_changed_one_is_validated_in_full()
    {
        var handler = new CachingJsonWebTokenHandler(100, _clock);
        var parameters = Parameters();
        var token = Issue();
        Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);

        // One character of the signature changed: a different token, checked in full and refused.
        var at = token.Length - 10;
        var forged = token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];
        Assert.False((await handler.ValidateTokenAsync(forged, parameters)).IsValid);
        Assert.Equal(2, _signatureChecks);
        // A payload changed the same way (the subject), with the original signature.
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"sub\":\"", "\"sub\":\"0");
        Assert.False((await handler.ValidateTokenAsync($"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}", parameters)).IsValid);
        Assert.Equal(1, handler.Count);

        // Valid up to its expiry (15 minutes, and the clock skew the service allows)…
        _clock.Advance(_settings.AccessTokenLifetime + JwtSettings.ClockSkew - TimeSpan.FromSeconds(1));
        Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);
        // …and refused after it, although it is remembered; the entry goes with it.
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False((await handler.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task Only_the_same_validation_rules_share_what_was_remembered()
    {
        var handler = new CachingJsonWebTokenHandler(100, _clock);
        var parameters = Parameters();
        var token = Issue();
        Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);

        // The JWT bearer handler validates each request with a copy of its options' parameters: the same rules.
        Assert.True((await handler.ValidateTokenAsync(token, parameters.Clone())).IsValid);
        Assert.Equal(1, _signatureChecks);

        var otherAudience = parameters.Clone();
        otherAudience.ValidAudience = "someone-else";
        Assert.False((await handler.ValidateTokenAsync(token, otherAudience)).IsValid);
        var otherKey = parameters.Clone();
        otherKey.IssuerSigningKey = new SymmetricSecurityKey(new byte[32]);
        otherKey.IssuerSigningKeyResolver = null;
        Assert.False((await handler.ValidateTokenAsync(token, otherKey)).IsValid);
        var noLifetimeCheck = parameters.Clone();
        noLifetimeCheck.ValidateLifetime = false;
        Assert.True((await handler.ValidateTokenAsync(token, noLifetimeCheck)).IsValid);
        Assert.Equal(3, _signatureChecks);
    }

    [Fact]
    public async Task The_cache_is_bounded_and_can_be_turned_off()
    {
        var bounded = new CachingJsonWebTokenHandler(2, _clock);
        var parameters = Parameters();
        var tokens = Enumerable.Range(0, 4).Select(_ => Issue()).ToList();
        foreach (var token in tokens)
        {
            Assert.True((await bounded.ValidateTokenAsync(token, parameters)).IsValid);
            Assert.InRange(bounded.Count, 1, 2);
        }
        // Full (the third token started it over): the expired ones make room before anything current is dropped.
        Assert.Equal(2, bounded.Count);
        _clock.Advance(TimeSpan.FromHours(1));
        var late = Issue();
        Assert.True((await bounded.ValidateTokenAsync(late, parameters)).IsValid);
        Assert.Equal(1, bounded.Count);

        _signatureChecks = 0;
        var off = new CachingJsonWebTokenHandler(0, _clock);
        for (var i = 0; i < 3; i++) Assert.True((await off.ValidateTokenAsync(late, parameters)).IsValid);
        Assert.Equal(3, _signatureChecks);
        Assert.Equal(0, off.Count);
    }
}
