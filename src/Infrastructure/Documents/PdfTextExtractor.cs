using FinInfra.Application.Documents;
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
            var text = string.Join("\n\n", pdf.GetPages().Select(page => page.Text));
            return text.Length > MaxTextLength ? text[..MaxTextLength] : text;
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
