using FinInfra.Api.ErrorHandling;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
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
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TimeProvider>((options, clock) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
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
                options.Events = new JwtBearerEvents { OnTokenValidated = RequireExistingUserAsync, OnChallenge = WriteUnauthorizedProblemAsync };
            });
    }

    private static bool IsCurrent(DateTime? notBefore, DateTime? expires, DateTime now) =>
        expires is { } end && end > now - JwtSettings.ClockSkew && (notBefore is not { } start || start <= now + JwtSettings.ClockSkew);

    /// <summary>
    /// A token outlives nothing: once its user is deleted it is refused, rather than letting requests reach the
    /// database as a user who no longer exists. One primary-key lookup, made as that user (no system scope).
    /// </summary>
    private static async Task RequireExistingUserAsync(TokenValidatedContext context)
    {
        if (!Guid.TryParse(context.Principal?.FindFirst("sub")?.Value, out var userId))
        {
            context.Fail("The token has no subject.");
            return;
        }
        var services = context.HttpContext.RequestServices;
        using (services.GetRequiredService<IDataScope>().BeginUserScope(userId))
        {
            if (!await services.GetRequiredService<IReadRepository<User>>().AnyAsync(new EntityByIdSpec<User>(userId), context.HttpContext.RequestAborted))
                context.Fail("The account behind this token no longer exists.");
        }
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
