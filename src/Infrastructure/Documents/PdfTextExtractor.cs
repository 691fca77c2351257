using FinInfra.Application.Documents;
using System.Text;
using Microsoft.Extensions.Logging;
using UglyToad.PdfPig;

namespace FinInfra.Infrastructure.Documents;

/// <summary>
/// Text of a PDF's pages with PdfPig, one page per line block. A PDF that cannot be parsed is still stored, just
/// without text (the failure is logged without content). Text is capped so one document cannot bloat its row.
/// </summary>
internal sealed partial class PdfTextExtractor(ILogger<PdfTextExtractor> logger) : IDocumentTextExtractor
{
    public const int MaxTextLength = 500_000;

    public string? ExtractText(Stream content, string contentType)
    {
        if (contentType != DocumentContentTypes.Pdf) return null;
        try
        {
            using var pdf = PdfDocument.Open(content);
            var text = new StringBuilder();
            foreach (var page in pdf.GetPages())
            {
                if (text.Length > 0) text.Append("\n\n");
                // U+0000 (some fonts map glyphs to it) cannot be stored in PostgreSQL's jsonb; it carries no text.
                text.Append(page.Text.Replace("\0", "", StringComparison.Ordinal));
                // Stop reading pages once the cap is reached: a huge PDF costs no more than a capped one.
                if (text.Length >= MaxTextLength) return text.ToString(0, MaxTextLength);
            }
            return text.ToString();
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            LogUnreadable(exception.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(LogLevel.Warning, "A PDF could not be read for text extraction ({ExceptionType}); it is stored without text")]
    private partial void LogUnreadable(string exceptionType);
}
