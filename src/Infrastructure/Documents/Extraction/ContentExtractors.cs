using System.Text.Json;

namespace FinInfra.Infrastructure.Documents.Extraction;

/// <summary>
/// Reads one kind of content. Runs only inside the extraction child process (see <see cref="ExtractionChild"/>), so
/// a parser that crashes, recurses without end or allocates without bound takes down that process, not the service.
/// OCR or structured extraction is another implementation added to <see cref="ContentExtractors.All"/>.
/// </summary>
public interface IContentExtractor
{
    bool Supports(string contentType);

    /// <summary>The extracted data; throws <see cref="ExtractionRefusedException"/> with a reason for the owner.</summary>
    IReadOnlyDictionary<string, JsonElement> Extract(ReadOnlyMemory<byte> content, ExtractionLimits limits);
}

/// <summary>The limits the child applies itself (time and memory are enforced from outside, by the worker).</summary>
public sealed record ExtractionLimits(int MaxPages, long MaxDecompressedBytes, int MaxTextLength);

/// <summary>The content is beyond a limit or cannot be read; the message is safe to show the owner.</summary>
public sealed class ExtractionRefusedException(string reason) : Exception(reason);

public static class ContentExtractors
{
    public static readonly IReadOnlyList<IContentExtractor> All = [new PdfTextExtractor()];

    public static IContentExtractor? For(string contentType) => All.FirstOrDefault(e => e.Supports(contentType));
}
