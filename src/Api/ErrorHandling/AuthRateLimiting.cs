using System.Globalization;
using System.Threading.RateLimiting;
using FinInfra.Api.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;

namespace FinInfra.Api.ErrorHandling;

/// <summary>The action counts against the per-client-network attempt limit of its route.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class LimitedPerClientAttribute : Attribute;

/// <summary>The action hashes a password, so it waits for one of the few hashing slots.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HashesPasswordAttribute : Attribute;

/// <summary>
/// Two limits, checked in this order so one client's flood is refused before it can queue for the CPU:
/// <list type="number">
/// <item>attempts per client network (<see cref="ClientNetwork"/>) and route, a fixed window of
/// <c>RateLimiting:Auth:PermitLimit</c> requests per <c>RateLimiting:Auth:WindowSeconds</c> (10 per minute by
/// default); beyond it, 429 with <c>Retry-After</c>;</item>
/// <item>concurrent password hashes: at most <c>RateLimiting:PasswordHashing:MaxConcurrent</c> (the core count by
/// default) run at once and <c>RateLimiting:PasswordHashing:QueueLimit</c> (32) wait; beyond that, 503 with
/// <c>Retry-After: 1</c>, so a flood of logins cannot take every core from the rest of the service.</item>
/// </list>
/// The per-account backoff is the login handler's (<c>ILoginThrottle</c>): only it knows the account and the outcome.
/// </summary>
public static class AuthRateLimiting
{
    public static void AddAuthRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("RateLimiting:Auth");
        var permitLimit = section.GetValue("PermitLimit", 10);
        var window = TimeSpan.FromSeconds(section.GetValue("WindowSeconds", 60));
        var hashing = configuration.GetSection("RateLimiting:PasswordHashing");
        var maxConcurrent = hashing.GetValue("MaxConcurrent", Environment.ProcessorCount);
        var queueLimit = hashing.GetValue("QueueLimit", 32);

        var perClient = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.GetEndpoint()?.Metadata.GetMetadata<LimitedPerClientAttribute>() is null
                ? RateLimitPartition.GetNoLimiter("")
                // Keyed by the endpoint's route, not the raw path: "/login/" and "/LOGIN" reach the same action and share its budget.
                : RateLimitPartition.GetFixedWindowLimiter(
                    $"{ClientNetwork.Of(context.Connection.RemoteIpAddress)}|{(context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value}",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0 }));
        var passwordHashing = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.GetEndpoint()?.Metadata.GetMetadata<HashesPasswordAttribute>() is null
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetConcurrencyLimiter("password-hashing", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = maxConcurrent, QueueLimit = queueLimit, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));

        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(perClient, passwordHashing);
            options.OnRejected = WriteRejectionAsync;
        });
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        // Only the per-client window knows when it reopens; a full hashing queue frees up within a second or so.
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
        {
            http.Response.Headers.RetryAfter = Seconds(wait);
            await http.WriteProblemAsync(StatusCodes.Status429TooManyRequests, "Too Many Requests", "Too many attempts; wait before trying again.");
        }
        else
        {
            http.Response.Headers.RetryAfter = "1";
            await http.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "Service Unavailable", "Too many sign-ins are being checked right now; retry shortly.");
        }
    }

    public static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
