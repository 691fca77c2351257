using System.Text.Json;
using FinInfra.Domain.Documents;

namespace FinInfra.Application.Documents;

/// <param name="Extraction">pending until the background worker has read the document, then extracted or failed (with <paramref name="ExtractionFailure"/>); not_supported for types no extractor reads.</param>
public sealed record DocumentDto(
    Guid Id, string Filename, string DocumentType, string ContentType, long SizeBytes, string Sha256,
    ExtractionStatus Extraction, string? ExtractionFailure, IReadOnlyDictionary<string, JsonElement>? ExtractedData, DateTimeOffset CreatedAt)
{
    public static DocumentDto From(Document document) => new(
        document.Id, document.Filename, document.DocumentType, document.ContentType, document.SizeBytes, document.Sha256,
        document.Extraction, document.ExtractionFailure, document.ExtractedData, document.CreatedAt);
}

/// <summary>A document as a list shows it: everything but its extracted data, which only <c>GET /documents/{id}</c> returns.</summary>
public sealed record DocumentSummaryDto(
    Guid Id, string Filename, string DocumentType, string ContentType, long SizeBytes, string Sha256,
    ExtractionStatus Extraction, string? ExtractionFailure, DateTimeOffset CreatedAt);

public sealed record DocumentPageDto(IReadOnlyList<DocumentSummaryDto> Items, string? NextCursor);

/// <summary>A stored file ready to send: the caller disposes <see cref="Content"/>.</summary>
public sealed record DocumentContentDto(Stream Content, string ContentType, string Filename, long SizeBytes);
