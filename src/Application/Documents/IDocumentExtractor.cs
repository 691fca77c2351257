namespace FinInfra.Application.Documents;

/// <summary>
/// Reads content out of a stored document: the text of a PDF today. This is where OCR of images or structured
/// extraction (a W-2's boxes) plugs in later: an extractor that supports more content types marks more uploads
/// <c>pending</c>, and the background worker hands them to it. Implementations never run hostile input in the
/// service's own process.
/// </summary>
public interface IDocumentExtractor
{
    /// <summary>Whether documents of <paramref name="contentType"/> are extracted at all (the others are <c>not_supported</c>).</summary>
    bool Supports(string contentType);

    /// <summary>The extracted data, or a failure with a reason; never throws for bad content.</summary>
    Task<DocumentExtractionResult> ExtractAsync(Stream content, string contentType, CancellationToken cancellationToken);
}
