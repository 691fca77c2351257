using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FinInfra.Domain.Common;

namespace FinInfra.Domain.Documents;

/// <summary>
/// Where a document's content extraction stands. <c>Pending</c> until a background worker has run it (never in the
/// request's process); <c>NotSupported</c> when no extractor reads the document's type.
/// </summary>
public enum ExtractionStatus { Pending, Extracted, Failed, NotSupported }

/// <summary>
/// A stored financial document. The storage key (<see cref="FilePath"/>) is chosen by the server; the client's
/// file name is kept only as a sanitised display name.
/// </summary>
public sealed partial class Document : SoftDeletableEntity
{
    private Document() { Filename = null!; DocumentType = null!; FilePath = null!; ContentType = null!; Sha256 = null!; }

    private Document(Guid userId) : base(userId) { Filename = null!; DocumentType = null!; FilePath = null!; ContentType = null!; Sha256 = null!; }

    public string Filename { get; private set; }

    /// <summary>w2, 1099, receipt, statement, …: lower-case letters, digits, '-' and '_'.</summary>
    public string DocumentType { get; private set; }

    public string FilePath { get; private set; }
    public string ContentType { get; private set; }
    public long SizeBytes { get; private set; }
    public string Sha256 { get; private set; }
    /// <summary>
    /// What was extracted, or what the owner put in its place: the text of one JSON object (<c>{"text": …}</c>), kept as
    /// text so the model holds no serialiser's types. Application reads and writes it (<c>ExtractedDataJson</c>); the
    /// column is JSON on every engine. Null until something is extracted or set.
    /// </summary>
    public string? ExtractedData { get; private set; }

    public ExtractionStatus Extraction { get; private set; }

    /// <summary>Why extraction failed, in words safe to show the owner (never the document's content).</summary>
    public string? ExtractionFailure { get; private set; }

    /// <summary>How many times a worker has claimed this document's extraction; bounded so a document that kills its worker is given up on.</summary>
    public int ExtractionAttempts { get; private set; }

    /// <summary>
    /// Until when an extraction worker holds this document (so several instances never extract it twice). Claimed and
    /// released only by the worker's conditional UPDATE (ExtractionClaims), which the database arbitrates.
    /// </summary>
    public DateTimeOffset? ExtractionLeaseUntil { get; private set; }

    public const int MaxExtractionFailureLength = 500;

    /// <param name="extractable">Whether an extractor reads <paramref name="contentType"/>: the document then waits for one.</param>
    public static Document Create(Guid userId, string filename, string documentType, string filePath, string contentType, long sizeBytes, string sha256,
        bool extractable)
    {
        if (sizeBytes <= 0) throw new DomainRuleException("document.empty", "A document cannot be empty.");
        if (string.IsNullOrWhiteSpace(sha256) || sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
            throw new DomainRuleException("document.sha256", "A document needs its SHA-256.");
        return new Document(userId)
        {
            Filename = SanitiseFilename(filename),
            DocumentType = NormaliseType(documentType),
            FilePath = Guard.Text(filePath, "document.file_path", "File path", 500),
            ContentType = Guard.Text(contentType, "document.content_type", "Content type", 100),
            SizeBytes = sizeBytes,
            Sha256 = sha256.ToLowerInvariant(),
            Extraction = extractable ? ExtractionStatus.Pending : ExtractionStatus.NotSupported,
        };
    }

    /// <summary>The owner's own data replaces whatever is there; a pending extraction is abandoned, so it never overwrites it.</summary>
    public void ReplaceExtractedData(string? json)
    {
        ExtractedData = json;
        if (Extraction == ExtractionStatus.Pending) Extraction = ExtractionStatus.Extracted;
    }

    /// <summary>A worker's result. Ignored unless the document is still waiting for one (the owner may have replaced the data meanwhile).</summary>
    public bool RecordExtraction(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (Extraction != ExtractionStatus.Pending) return false;
        ExtractedData = json;
        Extraction = ExtractionStatus.Extracted;
        ExtractionFailure = null;
        ExtractionLeaseUntil = null;
        return true;
    }

    /// <summary>A worker's failure, with a reason for the owner. Ignored unless the document is still waiting.</summary>
    public bool RecordExtractionFailure(string reason)
    {
        if (Extraction != ExtractionStatus.Pending) return false;
        var text = string.IsNullOrWhiteSpace(reason) ? "Extraction failed." : reason.Trim();
        ExtractionFailure = text.Length > MaxExtractionFailureLength ? text[..MaxExtractionFailureLength] : text;
        Extraction = ExtractionStatus.Failed;
        ExtractionLeaseUntil = null;
        return true;
    }

    public const string TypeRuleMessage = "Document type must be 1–50 characters: letters, digits, '-' or '_' (for example w2, 1099, receipt).";

    public static bool IsValidType(string? documentType) => documentType is not null && TypePattern().IsMatch(documentType.Trim().ToLowerInvariant());

    public static string NormaliseType(string? documentType)
    {
        if (!IsValidType(documentType))
            throw new DomainRuleException("document.type", TypeRuleMessage);
        return documentType!.Trim().ToLowerInvariant();
    }

    /// <summary>
    /// Keeps only the last path segment; drops control and invisible formatting characters (so no bidi override can
    /// disguise <c>exe.pdf</c>), broken surrogates, and characters unsafe in file names or headers; bounds the length
    /// to 255 characters without splitting a character or losing a short extension. Never empty.
    /// </summary>
    public static string SanitiseFilename(string? filename)
    {
        var name = (filename ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var kept = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune == Rune.ReplacementChar || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format) continue;
            if (rune.IsAscii && "\"<>|:*?;".Contains((char)rune.Value)) continue;
            kept.Append(rune.ToString());
        }
        var clean = kept.ToString().Trim().Trim('.').Trim();
        if (clean.Length > MaxFilenameLength)
        {
            var extension = Path.GetExtension(clean);
            clean = extension.Length is > 0 and <= 16
                ? CutAt(clean, MaxFilenameLength - extension.Length) + extension
                : CutAt(clean, MaxFilenameLength);
        }
        return clean.Length == 0 ? "document" : clean;
    }

    private const int MaxFilenameLength = 255;

    /// <summary>The first <paramref name="length"/> characters, one fewer when that would split a surrogate pair.</summary>
    private static string CutAt(string text, int length) =>
        char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];

    [GeneratedRegex("^[a-z0-9_-]{1,50}$")]
    private static partial Regex TypePattern();

    public override string ToString() => $"Document {Id}";
}
