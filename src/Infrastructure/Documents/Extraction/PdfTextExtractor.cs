using System.IO.Compression;
using System.Text;
using System.Text.Json;
using FinInfra.Application.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace FinInfra.Infrastructure.Documents.Extraction;

/// <summary>
/// The text of a PDF's pages with PdfPig, pages separated by a blank line, as <c>{"text": …}</c>. Before any page is
/// read, every Flate stream is inflated into nothing to count what it would decompress to, so a decompression bomb is
/// refused by its size instead of being expanded; a PDF with more pages than the limit is refused; the text is
/// capped. PdfPig's own failures (including ones no exception reports, such as its unbounded recursion in Type 4
/// function evaluation) are contained by the child process this runs in.
/// </summary>
public sealed class PdfTextExtractor : IContentExtractor
{
    public bool Supports(string contentType) => contentType == DocumentContentTypes.Pdf;

    public IReadOnlyDictionary<string, JsonElement> Extract(ReadOnlyMemory<byte> content, ExtractionLimits limits)
    {
        PdfDocument pdf;
        try
        {
            pdf = PdfDocument.Open(content);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new ExtractionRefusedException("The PDF could not be read.");
        }
        using (pdf)
        {
            CheckDecompressedSize(pdf, limits.MaxDecompressedBytes);
            if (pdf.NumberOfPages > limits.MaxPages)
                throw new ExtractionRefusedException($"The PDF has {pdf.NumberOfPages} pages; text is extracted from at most {limits.MaxPages}.");

            var text = new StringBuilder();
            try
            {
                for (var number = 1; number <= pdf.NumberOfPages && text.Length < limits.MaxTextLength; number++)
                {
                    if (text.Length > 0) text.Append("\n\n");
                    // U+0000 (some fonts map glyphs to it) cannot be stored in PostgreSQL's jsonb; it carries no text.
                    text.Append(pdf.GetPage(number).Text.Replace("\0", "", StringComparison.Ordinal));
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                throw new ExtractionRefusedException("The PDF could not be read.");
            }
            var extracted = text.Length > limits.MaxTextLength ? text.ToString(0, limits.MaxTextLength) : text.ToString();
            return new Dictionary<string, JsonElement> { ["text"] = JsonSerializer.SerializeToElement(extracted) };
        }
    }

    private static void CheckDecompressedSize(PdfDocument pdf, long maxBytes)
    {
        long total = 0;
        var sink = new byte[81920];
        foreach (var reference in pdf.Structure.CrossReferenceTable.ObjectOffsets.Keys)
        {
            StreamToken? stream;
            try
            {
                stream = pdf.Structure.GetObject(reference).Data as StreamToken;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                continue;
            }
            if (stream is null) continue;
            if (!IsFlate(stream.StreamDictionary))
            {
                total += stream.Data.Length;
            }
            else
            {
                try
                {
                    using var inflater = new ZLibStream(new MemoryStream(stream.Data.ToArray(), writable: false), CompressionMode.Decompress);
                    int read;
                    while ((read = inflater.Read(sink)) > 0)
                    {
                        total += read;
                        if (total > maxBytes) break;
                    }
                }
                catch (InvalidDataException)
                {
                    // Not valid zlib: PdfPig will make of it what it can; what was inflated so far is counted.
                }
            }
            if (total > maxBytes)
                throw new ExtractionRefusedException($"The PDF decompresses to more than {maxBytes} bytes.");
        }
    }

    private static bool IsFlate(DictionaryToken dictionary) =>
        dictionary.TryGet(NameToken.Filter, out var filter) && filter switch
        {
            NameToken name => name.Equals(NameToken.FlateDecode) || name.Data == "Fl",
            ArrayToken array => array.Data.OfType<NameToken>().Any(n => n.Equals(NameToken.FlateDecode) || n.Data == "Fl"),
            _ => false,
        };
}
