using FinInfra.Application.Documents;
using FinInfra.Infrastructure.Documents.Extraction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinInfra.Infrastructure.Documents;

/// <summary>Document storage (the upload limit and the local-disk store) and extraction (the isolated extractor and its worker).</summary>
public static class DocumentServices
{
    public static IServiceCollection AddDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(DocumentLimitsFrom(configuration));
        services.AddSingleton(new DocumentStorageSettings(configuration.GetValue<string?>("Documents:StorageRoot") ?? DocumentStorageSettings.DefaultRoot));
        services.AddSingleton<IDocumentStorage, LocalDiskDocumentStorage>();
        AddDocumentExtraction(services, configuration);
        return services;
    }

    /// <summary>The extractor (a child process per document) and its background worker, hosted unless Documents:Extraction:Enabled is false.</summary>
    private static void AddDocumentExtraction(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DocumentExtractionOptions.Section);
        services.Configure<DocumentExtractionOptions>(section);
        services.AddSingleton<IDocumentExtractor, IsolatedDocumentExtractor>();
        services.AddScoped<ExtractionClaims>();
        services.AddSingleton<DocumentExtractionWorker>();
        if ((section.Get<DocumentExtractionOptions>() ?? new DocumentExtractionOptions()).Enabled)
            services.AddHostedService(sp => sp.GetRequiredService<DocumentExtractionWorker>());
    }

    /// <summary>Documents:MaxSizeBytes, 25 MB by default; also read by the API to size the upload route's body limit.</summary>
    public static DocumentLimits DocumentLimitsFrom(IConfiguration configuration) =>
        new(configuration.GetValue("Documents:MaxSizeBytes", DocumentLimits.DefaultMaxSizeBytes));
}
