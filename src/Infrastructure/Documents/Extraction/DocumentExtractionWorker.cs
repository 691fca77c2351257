using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Documents;
using FinInfra.Application.Documents.RecordDocumentExtraction;
using FinInfra.Infrastructure.BackgroundWork;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinInfra.Infrastructure.Documents.Extraction;

/// <summary>
/// Extracts pending documents in the background, a durable job queue kept in the <c>documents</c> table itself. Each
/// document is claimed (<see cref="ExtractionClaims.TryClaimAsync"/>) before it is extracted, so several instances
/// share the work and a crashed instance's claims expire; a document whose extraction never finishes is given up on
/// after <see cref="DocumentExtractionOptions.MaxAttempts"/> claims. The extraction itself runs in a child process
/// (<see cref="IDocumentExtractor"/>); the result is recorded acting as the document's owner.
/// </summary>
public sealed partial class DocumentExtractionWorker(
    IServiceScopeFactory scopes,
    IOptions<DocumentExtractionOptions> options,
    TimeProvider clock,
    ILogger<DocumentExtractionWorker> logger) : PeriodicWork(clock, logger)
{
    private readonly DocumentExtractionOptions _options = options.Value;

    protected override TimeSpan Interval => _options.Interval;

    /// <summary>One round: find pending documents, claim and extract each. Returns how many this instance recorded.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PendingExtraction> pending;
        await using (var scope = scopes.CreateAsyncScope())
            pending = await scope.ServiceProvider.GetRequiredService<ExtractionClaims>().FindPendingAsync(_options.BatchSize, cancellationToken);

        var recorded = 0;
        foreach (var document in pending)
            if (await TryExtractAsync(document, cancellationToken)) recorded++;
        return recorded;
    }

    private async Task<bool> TryExtractAsync(PendingExtraction document, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var claims = services.GetRequiredService<ExtractionClaims>();
        if (!await claims.TryClaimAsync(document.Id, _options.Lease, cancellationToken)) return false;
        try
        {
            var result = document.Attempts >= _options.MaxAttempts
                ? DocumentExtractionResult.Failed($"Extraction was abandoned after {_options.MaxAttempts} attempts that did not finish.")
                : await ExtractAsync(services, document, cancellationToken);
            using var actingAs = services.GetRequiredService<IDataScope>().BeginUserScope(document.UserId);
            return await services.GetRequiredService<ISender>().Send(new RecordDocumentExtractionCommand(document.Id, result), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A conflict (the owner changed the document meanwhile) or an outage: the next round retries it. Only the
            // type is logged: a message could quote the document.
            LogExtractionFailed(Logger, document.Id, exception.GetType().Name);
            return false;
        }
        finally
        {
            await claims.ReleaseAsync(document.Id, CancellationToken.None);
        }
    }

    private static async Task<DocumentExtractionResult> ExtractAsync(IServiceProvider services, PendingExtraction document, CancellationToken cancellationToken)
    {
        await using var content = services.GetRequiredService<IDocumentStorage>().OpenRead(document.FilePath);
        if (content is null) return DocumentExtractionResult.Failed("The stored file is missing.");
        return await services.GetRequiredService<IDocumentExtractor>().ExtractAsync(content, document.ContentType, cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Extraction of document {DocumentId} failed with {ExceptionType}; it stays pending")]
    private static partial void LogExtractionFailed(ILogger logger, Guid documentId, string exceptionType);
}
