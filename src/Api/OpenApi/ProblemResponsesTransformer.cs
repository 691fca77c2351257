using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using FinInfra.Api.ErrorHandling;
using Microsoft.OpenApi;

namespace FinInfra.Api.OpenApi;

/// <summary>
/// Documents the failures every operation can answer with, as <c>application/problem+json</c>, from what the
/// operation is: 400 when it takes input, 401 when it needs a token, 404 when it names a resource, 409 when it
/// changes state, 413/415 when it has a body, 429 when it is rate limited. Declaring them here, once, keeps
/// controllers free of attribute noise and the document consistent with the exception handler.
/// </summary>
public sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("The operation is not part of a document.");
        var problem = await SchemaAsync<ProblemDetails>(document, context, cancellationToken);
        var validation = await SchemaAsync<ValidationProblemDetails>(document, context, cancellationToken);

        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var hasBody = operation.RequestBody is not null;
        var method = description.HttpMethod ?? "GET";
        operation.Responses ??= new OpenApiResponses();

        if (hasBody || operation.Parameters is { Count: > 0 }) Add(operation, StatusCodes.Status400BadRequest, "Invalid input; `errors` names each field.", validation);
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            Add(operation, StatusCodes.Status401Unauthorized, "No bearer token, or an invalid or expired one.", problem);
        if (description.RelativePath?.Contains('{') == true) Add(operation, StatusCodes.Status404NotFound, "Not found, or not yours.", problem);
        if (!HttpMethods.IsGet(method)) Add(operation, StatusCodes.Status409Conflict, "A duplicate, a concurrent edit, or a business rule.", problem);
        if (hasBody)
        {
            Add(operation, StatusCodes.Status413PayloadTooLarge, "The body is over the size limit.", problem);
            Add(operation, StatusCodes.Status415UnsupportedMediaType, "The body is not application/json.", problem);
        }
        if (metadata.OfType<LimitedPerClientAttribute>().Any())
            Add(operation, StatusCodes.Status429TooManyRequests, "Too many attempts; see Retry-After.", problem);
        if (metadata.OfType<HashesPasswordAttribute>().Any())
            Add(operation, StatusCodes.Status503ServiceUnavailable, "Too many passwords being checked at once; see Retry-After.", problem);
    }

    private static void Add(OpenApiOperation operation, int status, string description, IOpenApiSchema schema) =>
        operation.Responses!.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        });

    private static async Task<IOpenApiSchema> SchemaAsync<T>(OpenApiDocument document, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var id = typeof(T).Name;
        if (document.Components?.Schemas?.ContainsKey(id) != true)
            document.AddComponent(id, await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken));
        return new OpenApiSchemaReference(id, document);
    }
}
