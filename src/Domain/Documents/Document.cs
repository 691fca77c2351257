using System.Text.Json;
using System.Text.RegularExpressions;
using FinInfra.Domain.Common;

namespace FinInfra.Domain.Documents;

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
    public IReadOnlyDictionary<string, JsonElement>? ExtractedData { get; private set; }

    public static Document Create(Guid userId, string filename, string documentType, string filePath, string contentType, long sizeBytes, string sha256)
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
        };
    }

    public void ReplaceExtractedData(IReadOnlyDictionary<string, JsonElement>? data) =>
        ExtractedData = data is null ? null : new Dictionary<string, JsonElement>(data);

    public static bool IsValidType(string? documentType) => documentType is not null && TypePattern().IsMatch(documentType.Trim().ToLowerInvariant());

    public static string NormaliseType(string? documentType)
    {
        if (!IsValidType(documentType))
            throw new DomainRuleException("document.type", "Document type must be 1–50 characters: letters, digits, '-' or '_' (for example w2, 1099, receipt).");
        return documentType!.Trim().ToLowerInvariant();
    }

    /// <summary>
    /// Keeps only the last path segment, drops control characters and characters unsafe in file names or headers,
    /// and bounds the length. Never empty.
    /// </summary>
    public static string SanitiseFilename(string? filename)
    {
        var name = (filename ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var kept = new string([.. name.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?' or ';'))]).Trim().Trim('.').Trim();
        if (kept.Length > 255)
        {
            var extension = Path.GetExtension(kept);
            kept = extension.Length is > 0 and <= 16 ? kept[..(255 - extension.Length)] + extension : kept[..255];
        }
        return kept.Length == 0 ? "document" : kept;
    }

    [GeneratedRegex("^[a-z0-9_-]{1,50}$")]
    private static partial Regex TypePattern();

    public override string ToString() => $"Document {Id}";
}
