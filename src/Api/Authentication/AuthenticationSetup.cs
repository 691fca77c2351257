using FinInfra.Api.ErrorHandling;
using FinInfra.Application.Auth;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace FinInfra.Api.Authentication;

public static class AuthenticationSetup
{
    public static void AddJwtAuthentication(this WebApplicationBuilder builder, StartupNotes notes)
    {
        var settings = JwtSettings.FromConfiguration(builder.Configuration, builder.Environment, notes);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<IAccessTokenIssuer, JwtAccessTokenIssuer>();
        builder.Services.AddSingleton(new SessionLifetimes(settings.RefreshTokenLifetime));
        // Here, beside the access-token issuer it needs: the db command host builds the application without one.
        builder.Services.AddScoped<SessionTokens>();
        builder.Services.AddSingleton<SecurityStampCache>();
        builder.Services.AddSingleton<ISecurityStampCache>(sp => sp.GetRequiredService<SecurityStampCache>());
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TimeProvider>((options, clock) =>
            {
                options.MapInboundClaims = false;
                // The stock handler, remembering what it validated (see CachingJsonWebTokenHandler for why it is safe).
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new CachingJsonWebTokenHandler(settings.ValidatedTokenCacheEntries, clock));
                options.TokenValidationParameters = ValidationParameters(settings, clock);
                options.Events = new JwtBearerEvents { OnTokenValidated = RequireCurrentSessionAsync, OnChallenge = WriteUnauthorizedProblemAsync };
            });
    }

    /// <summary>What makes an access token valid: our issuer, audience and key, HMAC-SHA256 only, and a current lifetime.</summary>
    public static TokenValidationParameters ValidationParameters(JwtSettings settings, TimeProvider clock) => new()
    {
        ValidIssuer = settings.Issuer,
        ValidAudience = settings.Audience,
        IssuerSigningKey = settings.SigningKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        NameClaimType = "sub",
        // Expiry is judged by the application's clock, the same one that stamped the token.
        LifetimeValidator = (notBefore, expires, _, _) => IsCurrent(notBefore, expires, clock.GetUtcNow().UtcDateTime),
    };

    private static bool IsCurrent(DateTime? notBefore, DateTime? expires, DateTime now) =>
        expires is { } end && end > now - JwtSettings.ClockSkew && (notBefore is not { } start || start <= now + JwtSettings.ClockSkew);

    /// <summary>
    /// A signature proves who issued the token, not that its session still stands: the token's security stamp must
    /// be the user's current one (a password change or a logout of every session changes it), and the user must
    /// still exist. The stamp comes from <see cref="SecurityStampCache"/>; on a miss, one primary-key read of one
    /// column, made as that user (no system scope).
    /// </summary>
    private static async Task RequireCurrentSessionAsync(TokenValidatedContext context)
    {
        if (!Guid.TryParse(context.Principal?.FindFirst("sub")?.Value, out var userId))
        {
            context.Fail("The token has no subject.");
            return;
        }
        var services = context.HttpContext.RequestServices;
        var current = await services.GetRequiredService<SecurityStampCache>().GetAsync(userId, async cancellationToken =>
        {
            using (services.GetRequiredService<IDataScope>().BeginUserScope(userId))
                return await services.GetRequiredService<IReadRepository<User>>().SingleOrDefaultAsync(new SecurityStampSpec(userId), cancellationToken);
        }, context.HttpContext.RequestAborted);

        if (current is null)
            context.Fail("The account behind this token no longer exists.");
        else if (context.Principal?.FindFirst(JwtAccessTokenIssuer.SecurityStampClaim)?.Value != current)
            context.Fail("The session this token belongs to has ended.");
    }

    /// <summary>A missing, expired or forged token answers 401 problem details like every other failure.</summary>
    private static async Task WriteUnauthorizedProblemAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        await context.HttpContext.WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            context.AuthenticateFailure is null ? "A bearer token is required." : "The bearer token is invalid or has expired.");
    }
}
