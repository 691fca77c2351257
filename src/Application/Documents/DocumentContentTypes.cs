using System.Text;

namespace FinInfra.Application.Documents;

/// <summary>
/// Decides a file's type from its bytes, never from its name or the type the client claimed: PDF, PNG and JPEG by
/// their signatures; CSV and plain text when the whole content is valid UTF-8 with no NUL or other control
/// characters (tab, line breaks and form feed aside) and does not open as markup (HTML, XML, SVG: active content
/// a browser could run). The name only tells CSV from plain text.
/// </summary>
public static class DocumentContentTypes
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Csv = "text/csv";
    public const string Text = "text/plain";

    private static readonly byte[] PdfSignature = "%PDF-"u8.ToArray();
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];

    /// <summary>The detected content type, or null when the content is not an accepted type.</summary>
    public static async Task<string?> DetectAsync(Func<Stream> open, string filename, CancellationToken cancellationToken)
    {
        var head = new byte[PngSignature.Length];
        int read;
        await using (var stream = open()) read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var leading = head.AsSpan(0, read);
        if (leading.StartsWith(PdfSignature)) return Pdf;
        if (leading.StartsWith(PngSignature)) return Png;
        if (leading.StartsWith(JpegSignature)) return Jpeg;

        await using var text = open();
        if (!await IsPlainTextAsync(text, cancellationToken)) return null;
        return filename.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? Csv : Text;
    }

    private static async Task<bool> IsPlainTextAsync(Stream stream, CancellationToken cancellationToken)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[81920];
        var chars = new char[bytes.Length + 2];
        var sawContent = false;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(bytes, cancellationToken)) > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                foreach (var c in chars.AsSpan(0, count))
                {
                    if (char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f')) return false;
                    if (sawContent || char.IsWhiteSpace(c) || c == '\uFEFF') continue;
                    if (c == '<') return false;
                    sawContent = true;
                }
            }
            return decoder.GetCharCount([], 0, 0, flush: true) == 0;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
