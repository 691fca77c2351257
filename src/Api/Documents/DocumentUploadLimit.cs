using FinInfra.Infrastructure.Queries;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace FinInfra.Api.Documents;

/// <summary>Marks the action that receives document uploads; its request size limit follows Documents:MaxSizeBytes.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DocumentUploadAttribute : Attribute;

/// <summary>
/// Gives the upload action a request size limit of the document limit plus room for the multipart framing, as
/// endpoint metadata (read by the body-limit middleware, 413 on a declared length over it) and as a filter (which
/// raises Kestrel's per-request limit for chunked bodies). The file's own size is checked exactly while it streams.
/// </summary>
public sealed class DocumentUploadLimitConvention(long maxRequestBytes) : IActionModelConvention
{
    public const long MultipartOverheadBytes = 64 * 1024;

    public void Apply(ActionModel action)
    {
        if (!action.Attributes.OfType<DocumentUploadAttribute>().Any()) return;
        var limit = new RequestSizeLimitAttribute(maxRequestBytes);
        action.Filters.Add(limit);
        foreach (var selector in action.Selectors) selector.EndpointMetadata.Add(limit);
    }
}

public static class DocumentUploads
{
    public static IServiceCollection AddDocumentUploads(this IServiceCollection services, IConfiguration configuration)
    {
        var limit = AnswersServices.DocumentLimitsFrom(configuration).MaxSizeBytes + DocumentUploadLimitConvention.MultipartOverheadBytes;
        return services.Configure<MvcOptions>(options => options.Conventions.Add(new DocumentUploadLimitConvention(limit)));
    }
}
