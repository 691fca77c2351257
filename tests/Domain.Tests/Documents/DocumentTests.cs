using System.Text.Json;
using FinInfra.Domain.Documents;
using FinInfra.Domain.Tests.Common;

namespace FinInfra.Domain.Tests.Documents;

public sealed class DocumentTests
{
    private static readonly Guid UserId = Guid.CreateVersion7();
    private static readonly string Sha = new('a', 64);

    private static Document Create(string filename = "w2.pdf", string type = "W2", long size = 10, string? sha = null) =>
        Document.Create(UserId, filename, type, "users/x/doc.bin", "application/pdf", size, sha ?? Sha, extractable: true);

    [Theory]
    [InlineData("w2.pdf", "w2.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\tax return.pdf", "tax return.pdf")]
    [InlineData("evil\"name<>|:*?;.pdf", "evilname.pdf")]
    [InlineData("line\r\nbreak.pdf", "linebreak.pdf")]
    [InlineData("...", "document")]
    [InlineData("", "document")]
    [InlineData(null, "document")]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("zero\u200Bwidth\u2066.csv", "zerowidth.csv")]
    [InlineData("broken\uD800half.txt", "brokenhalf.txt")]
    [InlineData("résumé 😀.pdf", "résumé 😀.pdf")]
    public void Filenames_are_sanitised(string? input, string expected) => Assert.Equal(expected, Document.SanitiseFilename(input));

    [Fact]
    public void Long_filenames_keep_their_extension()
    {
        var name = Document.SanitiseFilename(new string('x', 300) + ".pdf");
        Assert.Equal(255, name.Length);
        Assert.EndsWith(".pdf", name);
    }

    [Fact]
    public void Long_filenames_are_cut_between_characters_not_inside_one()
    {
        var name = Document.SanitiseFilename(new string('a', 254) + "😀" + new string('b', 20));
        Assert.Equal(254, name.Length);
        Assert.False(char.IsHighSurrogate(name[^1]));
        Assert.Equal(name, Document.SanitiseFilename(name));
    }

    [Fact]
    public void Create_normalises_type_and_hash()
    {
        var document = Create(sha: new string('A', 64));
        Assert.Equal("w2", document.DocumentType);
        Assert.Equal(new string('a', 64), document.Sha256);
        Assert.Null(document.ExtractedData);
    }

    [Theory]
    [InlineData("w2", true)]
    [InlineData("1099", true)]
    [InlineData("bank-statement_2026", true)]
    [InlineData("", false)]
    [InlineData("tax form", false)]
    [InlineData("../x", false)]
    public void Document_types_are_short_slugs(string type, bool valid)
    {
        Assert.Equal(valid, Document.IsValidType(type));
        if (!valid) Rule.Broken("document.type", () => Create(type: type));
    }

    [Fact]
    public void Empty_files_and_bad_hashes_are_refused()
    {
        Rule.Broken("document.empty", () => Create(size: 0));
        Rule.Broken("document.sha256", () => Create(sha: "abc"));
        Rule.Broken("document.sha256", () => Create(sha: new string('z', 64)));
    }

    [Fact]
    public void Extracted_data_is_replaced_and_can_be_cleared()
    {
        var document = Create();
        document.ReplaceExtractedData("""{"wages":1234.56}""");
        using (var json = JsonDocument.Parse(document.ExtractedData!))
            Assert.Equal(1234.56m, json.RootElement.GetProperty("wages").GetDecimal());
        document.ReplaceExtractedData(null);
        Assert.Null(document.ExtractedData);
    }
}
