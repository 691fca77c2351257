using System.Text.Json;
using FinInfra.Domain.Documents;
using Mapster;

namespace FinInfra.Application.Documents;

/// <param name="Extraction">pending until the background worker has read the document, then extracted or failed (with <paramref name="ExtractionFailure"/>); not_supported for types no extractor reads.</param>
public sealed record DocumentDto(
    Guid Id, string Filename, string DocumentType, string ContentType, long SizeBytes, string Sha256,
    ExtractionStatus Extraction, string? ExtractionFailure, IReadOnlyDictionary<string, JsonElement>? ExtractedData, DateTimeOffset CreatedAt);

/// <summary>A document as a list shows it: everything but its extracted data, which only <c>GET /documents/{id}</c> returns.</summary>
public sealed record DocumentSummaryDto(
    Guid Id, string Filename, string DocumentType, string ContentType, long SizeBytes, string Sha256,
    ExtractionStatus Extraction, string? ExtractionFailure, DateTimeOffset CreatedAt);

internal sealed class DocumentMappings : IRegister
{
    // Constructed, not mapped member by member: Mapster would take the JSON values apart instead of copying them.
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<Document, DocumentDto>().MapWith(d => new DocumentDto(
            d.Id, d.Filename, d.DocumentType, d.ContentType, d.SizeBytes, d.Sha256, d.Extraction, d.ExtractionFailure, ExtractedDataJson.Read(d.ExtractedData), d.CreatedAt));
}

/// <summary>A stored file ready to send: the caller disposes <see cref="Content"/>.</summary>
public sealed record DocumentContentDto(Stream Content, string ContentType, string Filename, long SizeBytes);
