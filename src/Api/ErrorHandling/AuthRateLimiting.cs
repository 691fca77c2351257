using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace FinInfra.Api.ErrorHandling;

/// <summary>
/// Login and register are limited per client IP and route (a fixed window; <c>RateLimiting:Auth:PermitLimit</c>
/// requests per <c>RateLimiting:Auth:WindowSeconds</c>, 10 per minute by default), so passwords cannot be
/// guessed at speed. A rejected request gets 429 problem details with <c>Retry-After</c>.
/// </summary>
public static class AuthRateLimiting
{
    public const string Policy = "auth";

    public static void AddAuthRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("RateLimiting:Auth");
        var permitLimit = section.GetValue("PermitLimit", 10);
        var window = TimeSpan.FromSeconds(section.GetValue("WindowSeconds", 60));
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                // Keyed by the endpoint's route, not the raw path: "/login/" and "/LOGIN" reach the same action and share its budget.
                $"{context.Connection.RemoteIpAddress}|{(context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0 }));
            options.OnRejected = WriteRejectionAsync;
        });
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await http.WriteProblemAsync(StatusCodes.Status429TooManyRequests, "Too Many Requests", "Too many attempts; wait before trying again.");
    }
}
