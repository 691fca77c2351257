using Ardalis.Specification;
using FinInfra.Domain.Documents;

namespace FinInfra.Application.Documents;

/// <summary>
/// One page of the current user's documents as summaries, newest first: descending id order (version-7 ids, so
/// creation order reversed), before the cursor's id, one more than the limit (to learn whether more follow).
/// The projection leaves the extracted data in the database: a list never reads it.
/// </summary>
public sealed class DocumentsNewestFirstSpec : Specification<Document, DocumentSummaryDto>
{
    public DocumentsNewestFirstSpec(Guid? before, int limit)
    {
        if (before is { } last) Query.Where(d => d.Id.CompareTo(last) < 0);
        Query.OrderByDescending(d => d.Id).Take(limit + 1);
        Query.Select(d => new DocumentSummaryDto(d.Id, d.Filename, d.DocumentType, d.ContentType, d.SizeBytes, d.Sha256, d.Extraction, d.ExtractionFailure, d.CreatedAt));
    }
}
