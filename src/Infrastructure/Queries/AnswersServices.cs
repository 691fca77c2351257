using FinInfra.Application.Analytics;
using FinInfra.Application.Documents;
using FinInfra.Application.NetWorth;
using FinInfra.Infrastructure.Documents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinInfra.Infrastructure.Queries;

/// <summary>The services behind the derived answers (budget and goal progress, net worth, analytics) and documents.</summary>
public static class AnswersServices
{
    public static IServiceCollection AddAnswers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ITransactionTotals, TransactionTotals>();
        services.AddScoped<INetWorthSnapshotStore, NetWorthSnapshotStore>();
        services.AddScoped<NetWorthCalculator>();

        services.AddSingleton(DocumentLimitsFrom(configuration));
        services.AddSingleton(new DocumentStorageSettings(configuration.GetValue<string?>("Documents:StorageRoot") ?? DocumentStorageSettings.DefaultRoot));
        services.AddSingleton<IDocumentStorage, LocalDiskDocumentStorage>();
        services.AddSingleton<IDocumentTextExtractor, PdfTextExtractor>();
        return services;
    }

    /// <summary>Documents:MaxSizeBytes, 25 MB by default; also read by the API to size the upload route's body limit.</summary>
    public static DocumentLimits DocumentLimitsFrom(IConfiguration configuration) =>
        new(configuration.GetValue("Documents:MaxSizeBytes", DocumentLimits.DefaultMaxSizeBytes));
}
