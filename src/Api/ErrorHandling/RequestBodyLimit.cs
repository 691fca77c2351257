using Microsoft.AspNetCore.Http.Metadata;

namespace FinInfra.Api.ErrorHandling;

/// <summary>
/// Refuses a body whose declared length is over the limit (413) before anything reads it. The limit is
/// <c>Api:MaxRequestBodyBytes</c> (1 MB by default), or an endpoint's own <c>[RequestSizeLimit]</c>. Kestrel enforces
/// the same limit on bodies without a declared length.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, IConfiguration configuration)
{
    private readonly long configured = Configured(configuration);

    public const long DefaultMaxBytes = 1024 * 1024;

    public static long Configured(IConfiguration configuration) => configuration.GetValue("Api:MaxRequestBodyBytes", DefaultMaxBytes);

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? configured;
        if (context.Request.ContentLength > limit)
        {
            UnreadRequestBody.CloseConnection(context);
            await context.WriteProblemAsync(StatusCodes.Status413PayloadTooLarge, "Payload Too Large", $"The request body is larger than the limit of {limit} bytes.");
            return;
        }
        await next(context);
    }
}
