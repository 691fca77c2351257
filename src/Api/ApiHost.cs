using System.Text.Json;
using System.Text.Json.Serialization;
using FinInfra.Api.Authentication;
using FinInfra.Api.Documents;
using FinInfra.Api.ErrorHandling;
using FinInfra.Api.Infrastructure;
using FinInfra.Api.OpenApi;
using FinInfra.Application;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Infrastructure;
using FinInfra.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Api;

public static class ApiHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        AddServices(builder);
        var https = HttpsSetup.Configure(builder);
        var app = builder.Build();
        UsePipeline(app, https);
        return app;
    }

    public static void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<IRequestOrigin, HttpRequestOrigin>();
        services.AddTrustedProxies(builder.Configuration);
        services.AddApplication();
        services.AddInfrastructure(builder.Configuration, builder.Environment);
        services.AddMediator((Mediator.MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(FinInfra.Application.DependencyInjection)];
        });

        // The warnings collected by AddInfrastructure, logged once the host has a logger.
        var notes = services.Select(d => d.ImplementationInstance).OfType<StartupNotes>().Single();
        builder.AddJwtAuthentication(notes);
        services.AddAuthRateLimiting(builder.Configuration);
        services.AddFinInfraProblemDetails();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.Configured(builder.Configuration));
        services.AddFinInfraOpenApi();
        services.AddRouting(routing => routing.LowercaseUrls = true);
        services.AddDocumentUploads(builder.Configuration);
        services.AddDocumentExtractionChild();
        if (builder.Configuration.GetValue($"{HotPathWarmup.Section}:Enabled", false))
            services.AddHostedService<HotPathWarmup>();
        services.AddControllers(mvc =>
            {
                // JSON only: no text/plain or text/json variants of the answers.
                mvc.OutputFormatters.RemoveType<StringOutputFormatter>();
                mvc.OutputFormatters.OfType<SystemTextJsonOutputFormatter>().Single().SupportedMediaTypes.Remove("text/json");
            })
            .AddJsonOptions(json => ConfigureJson(json.JsonSerializerOptions))
            .ConfigureApiBehaviorOptions(api => api.InvalidModelStateResponseFactory = ModelStateProblems.Create);
        services.ConfigureHttpJsonOptions(json => ConfigureJson(json.SerializerOptions));
    }

    /// <summary>
    /// camelCase, enums as lower snake_case strings (numbers refused), numbers only as JSON numbers, and strict
    /// input: a missing required field or a null where the contract has none is a 400, not a default value.
    /// </summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
    }

    public static void UsePipeline(WebApplication app, HttpsSetup.Mode https = HttpsSetup.Mode.None)
    {
        app.UseForwardedHeaders();
        HttpsSetup.Use(app, https);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapControllers();
        app.MapFinInfraOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
    }

    /// <summary>Logs startup warnings and applies pending migrations (unless Database:MigrateOnStartup is false).</summary>
    public static async Task PrepareDatabaseAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FinInfra.Startup");
        foreach (var warning in app.Services.GetRequiredService<StartupNotes>().Warnings)
            logger.LogWarning("{Warning}", warning);

        if (!app.Configuration.GetValue("Database:MigrateOnStartup", true)) return;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await DatabasePreparation.ConfigureSqliteAsync(db);
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} pending migration(s) to {Database}", pending.Count, scope.ServiceProvider.GetRequiredService<FinInfra.Infrastructure.Configuration.DatabaseSettings>().Describe());
            await db.Database.MigrateAsync();
        }
        await DatabasePreparation.BackfillCategoryKeysAsync(db);
    }
}
