using FinInfra.Infrastructure.Documents;
using FinInfra.Infrastructure.Documents.Extraction;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

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
        var limit = DocumentServices.DocumentLimitsFrom(configuration).MaxSizeBytes + DocumentUploadLimitConvention.MultipartOverheadBytes;
        services.Configure<OpenApiOptions>("v1", options => options.AddOperationTransformer<DocumentUploadBodyTransformer>());
        return services.Configure<MvcOptions>(options => options.Conventions.Add(new DocumentUploadLimitConvention(limit)));
    }

    /// <summary>
    /// Unless Documents:Extraction:Command names another, the extraction child is this service's own executable with
    /// its extract-document verb: <c>dotnet FinInfra.Api.dll</c> when run through the dotnet host, else the apphost.
    /// </summary>
    public static IServiceCollection AddDocumentExtractionChild(this IServiceCollection services) =>
        services.PostConfigure<DocumentExtractionOptions>(options =>
        {
            if (options.Command.Count > 0) return;
            var host = Environment.ProcessPath ?? "dotnet";
            options.Command = Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, typeof(ApiHost).Assembly.Location] : [host];
        });
}

/// <summary>Describes the upload's multipart body in the OpenAPI document (the action reads it itself, so no parameter shows it).</summary>
public sealed class DocumentUploadBodyTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentUploadAttribute>().Any()) return Task.CompletedTask;
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "documentType first, then file (streamed; see docs/api.md).",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "documentType", "file" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["documentType"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[a-z0-9_-]{1,50}$" },
                            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }
}
