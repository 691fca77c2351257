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

        var documents = configuration.GetSection("Documents");
        services.AddSingleton(new DocumentLimits(documents.GetValue("MaxSizeBytes", DocumentLimits.DefaultMaxSizeBytes)));
        services.AddSingleton(new DocumentStorageSettings(documents.GetValue<string?>("StorageRoot") ?? DocumentStorageSettings.DefaultRoot));
        services.AddSingleton<IDocumentStorage, LocalDiskDocumentStorage>();
        services.AddSingleton<IDocumentTextExtractor, PdfTextExtractor>();
        return services;
    }
}
