using System.Diagnostics;

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
}
