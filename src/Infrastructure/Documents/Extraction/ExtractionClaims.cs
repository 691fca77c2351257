using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Documents;
using FinInfra.Infrastructure.BackgroundWork;
using FinInfra.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Documents.Extraction;

/// <summary>A document waiting for extraction, with what the worker needs to run it and whose behalf it acts on.</summary>
public sealed record PendingExtraction(Guid Id, Guid UserId, string FilePath, string ContentType, int Attempts);

/// <summary>
/// The extraction worker's view of <c>documents</c>, across all users (system scope): pending documents, claimed
/// through <see cref="Leases"/> on <c>extraction_lease_until</c> exactly as the sync scheduler claims connections.
/// A claim also counts the attempt.
/// </summary>
public sealed class ExtractionClaims(AppDbContext db, IDataScope scope, TimeProvider clock)
{
    public async Task<IReadOnlyList<PendingExtraction>> FindPendingAsync(int limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        using var _ = scope.BeginSystemScope();
        return await Pending()
            .WhereLeaseFree(d => d.ExtractionLeaseUntil, now)
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id)
            .Take(limit)
            .Select(d => new PendingExtraction(d.Id, d.UserId, d.FilePath, d.ContentType, d.ExtractionAttempts))
            .ToListAsync(cancellationToken);
    }

    /// <summary>True when this caller won the document until <c>now + lease</c> (and it is still pending).</summary>
    public async Task<bool> TryClaimAsync(Guid documentId, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        using var _ = scope.BeginSystemScope();
        return await Leases.TryClaimAsync(Pending().Where(d => d.Id == documentId), d => d.ExtractionLeaseUntil, now, now + lease, cancellationToken,
            s => s.SetProperty(d => d.ExtractionAttempts, d => d.ExtractionAttempts + 1));
    }

    public async Task ReleaseAsync(Guid documentId, CancellationToken cancellationToken)
    {
        using var _ = scope.BeginSystemScope();
        await Leases.ReleaseAsync(db.Documents.IgnoreQueryFilters().Where(d => d.Id == documentId), d => d.ExtractionLeaseUntil, cancellationToken);
    }

    private IQueryable<Document> Pending() =>
        db.Documents.IgnoreQueryFilters().Where(d => d.Extraction == ExtractionStatus.Pending && d.DeletedAt == null);
}
