using Ardalis.Specification;
using FinInfra.Domain.Documents;

namespace FinInfra.Application.Documents;

/// <summary>
/// One page of the current user's documents as summaries, newest first (ties broken by id so pages never overlap).
/// The projection leaves the extracted data in the database: a list never reads it.
/// </summary>
public sealed class DocumentsNewestFirstSpec : Specification<Document, DocumentSummaryDto>
{
    public DocumentsNewestFirstSpec(int skip, int take)
    {
        Query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Skip(skip).Take(take);
        Query.Select(d => new DocumentSummaryDto(d.Id, d.Filename, d.DocumentType, d.ContentType, d.SizeBytes, d.Sha256, d.Extraction, d.ExtractionFailure, d.CreatedAt));
    }
}
