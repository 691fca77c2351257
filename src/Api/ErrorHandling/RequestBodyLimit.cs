using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.ErrorHandling;

/// <summary>
/// Refuses a body whose declared length is over the limit (413) before anything reads it. The limit is
/// <c>Api:MaxRequestBodyBytes</c> (1 MB by default), or an endpoint's own <c>[RequestSizeLimit]</c>. Kestrel enforces
/// the same limit on bodies without a declared length.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next)
{
    public const long DefaultMaxBytes = 1024 * 1024;

    public static long Configured(IConfiguration configuration) => configuration.GetValue("Api:MaxRequestBodyBytes", DefaultMaxBytes);

    public async Task InvokeAsync(HttpContext context, IConfiguration configuration, IProblemDetailsService problems)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? Configured(configuration);
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Payload Too Large",
                    Detail = $"The request body is larger than the limit of {limit} bytes.",
                },
            });
            return;
        }
        await next(context);
    }
}
