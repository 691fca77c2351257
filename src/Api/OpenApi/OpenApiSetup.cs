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
                // "http://host/" and "http://host" name the same server; linters (and path joining) want the latter.
                foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
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
                // Every operation says how it is secured: the bearer token, or explicitly nothing (login, register, refresh).
                operation.Security ??= [];
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                else
                    operation.Security.Add(new OpenApiSecurityRequirement());
                // A stable id for generated clients: controller_action, e.g. goals_contribute.
                if (context.Description.ActionDescriptor is Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor action)
                    operation.OperationId ??= $"{char.ToLowerInvariant(action.ControllerName[0])}{action.ControllerName[1..]}_{char.ToLowerInvariant(action.ActionName[0])}{action.ActionName[1..]}";
                if (metadata.OfType<Idempotency.IdempotentAttribute>().Any())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = Idempotency.IdempotentAttribute.Header,
                        In = ParameterLocation.Header,
                        Required = false,
                        Description = "Makes a retry safe: the same key with the same request replays the first answer; with a different request it is 422. 1–255 visible ASCII characters, per user, kept 24 hours.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = FinInfra.Infrastructure.Idempotency.IdempotencyRecord.KeyMaxLength },
                    });
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
        // A newcomer who opens the service's root in a browser lands on the interactive docs.
        if (app.Environment.IsDevelopment())
            app.MapGet("/", () => Results.Redirect("/scalar")).AllowAnonymous().ExcludeFromDescription();
    }
}
