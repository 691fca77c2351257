using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace FinInfra.Api.OpenApi;

/// <summary>
/// <c>/openapi/v1.json</c> (generated from the controllers, their request and response types and their
/// <c>ProducesResponseType</c> attributes) and the Scalar reference UI at <c>/scalar</c>. Both are served in every
/// environment: the document describes the public contract and contains no secrets.
/// </summary>
public static class OpenApiSetup
{
    public const string BearerScheme = "Bearer";

    public static void AddFinInfraOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "FinInfra API",
                    Version = "v1",
                    Description = "Personal-finance data: accounts, transactions, budgets, goals. Register, log in, then send `Authorization: Bearer <accessToken>`.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "The accessToken from POST /api/v1/auth/login.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                }
                return Task.CompletedTask;
            });
            options.AddOperationTransformer<ProblemResponsesTransformer>();
            // Money is decimal end to end; say so instead of the generator's default "double".
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) is { } underlying ? underlying == typeof(decimal) : context.JsonTypeInfo.Type == typeof(decimal))
                    schema.Format = "decimal";
                return Task.CompletedTask;
            });
        });

    public static void MapFinInfraOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(options => options
            .WithTitle("FinInfra API")
            .AddPreferredSecuritySchemes(BearerScheme)).AllowAnonymous();
    }
}
