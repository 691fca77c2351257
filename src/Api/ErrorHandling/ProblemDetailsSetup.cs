using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.ErrorHandling;

public static class ProblemDetailsSetup
{
    /// <summary>Every problem response carries a <c>type</c>, the request path and a <c>traceId</c> to quote in a bug report.</summary>
    public static void AddFinInfraProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Status ??= context.HttpContext.Response.StatusCode;
            problem.Type ??= $"https://httpstatuses.io/{problem.Status}";
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
    }

    /// <summary>
    /// Answers with problem details from outside MVC and the exception handler (middleware, the JWT challenge, the
    /// rate limiter), through the same <see cref="IProblemDetailsService"/>, so those answers look like every other.
    /// </summary>
    public static async Task WriteProblemAsync(this HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
