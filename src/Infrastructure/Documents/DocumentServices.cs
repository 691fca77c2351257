using FinInfra.Infrastructure.BackgroundWork;
using FinInfra.Application.Documents;
using FinInfra.Infrastructure.Documents.Extraction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinInfra.Infrastructure.Documents;

/// <summary>Document storage (the upload limit and the local-disk store), extraction (the isolated extractor and its worker) and the purge of deleted documents.</summary>
public static class DocumentServices
{
    public static IServiceCollection AddDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(DocumentLimitsFrom(configuration));
        services.AddSingleton(new DocumentStorageSettings(configuration.GetValue<string?>("Documents:StorageRoot") ?? DocumentStorageSettings.DefaultRoot));
        services.AddSingleton<IDocumentStorage, LocalDiskDocumentStorage>();
        AddDocumentExtraction(services, configuration);
        AddDeletedDocumentPurge(services, configuration);
        return services;
    }

    /// <summary>The purge of deleted documents past their retention, hosted unless Documents:Purge:Enabled is false.</summary>
    private static void AddDeletedDocumentPurge(IServiceCollection services, IConfiguration configuration) =>
        services.AddPeriodicWork<DeletedDocumentPurge, DocumentPurgeOptions>(configuration, DocumentPurgeOptions.Section);

    /// <summary>The extractor (a child process per document) and its background worker, hosted unless Documents:Extraction:Enabled is false.</summary>
    private static void AddDocumentExtraction(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IDocumentExtractor, IsolatedDocumentExtractor>();
        services.AddScoped<ExtractionClaims>();
        services.AddPeriodicWork<DocumentExtractionWorker, DocumentExtractionOptions>(configuration, DocumentExtractionOptions.Section);
    }

    /// <summary>Documents:MaxSizeBytes, 25 MB by default; also read by the API to size the upload route's body limit.</summary>
    public static DocumentLimits DocumentLimitsFrom(IConfiguration configuration) =>
        new(configuration.GetValue("Documents:MaxSizeBytes", DocumentLimits.DefaultMaxSizeBytes));
}
