using System.Text;
using FinInfra.Application.Documents;

namespace FinInfra.Integration.Tests.Documents;

public sealed class DocumentContentTypesTests
{
    private static Task<string?> DetectAsync(byte[] bytes, string filename = "file") =>
        DocumentContentTypes.DetectAsync(() => new MemoryStream(bytes), filename, CancellationToken.None);

    [Fact]
    public async Task Signatures_decide_binary_types_whatever_the_name()
    {
        Assert.Equal(DocumentContentTypes.Pdf, await DetectAsync(DocumentFiles.Pdf("x"), "a.png"));
        Assert.Equal(DocumentContentTypes.Png, await DetectAsync(DocumentFiles.Png, "a.pdf"));
        Assert.Equal(DocumentContentTypes.Jpeg, await DetectAsync(DocumentFiles.Jpeg, "a.csv"));
    }

    [Fact]
    public async Task Text_is_csv_only_by_name_and_may_start_with_a_bom_or_span_many_buffers()
    {
        // "é" (2 bytes) repeated across the 80 KB read buffer, so a character is split between two reads.
        var text = Encoding.UTF8.GetBytes("\uFEFFdate,memo\n" + string.Concat(Enumerable.Repeat("2026-01-02,café ☕ 𝄞\r\n", 10_000)));

        Assert.Equal(DocumentContentTypes.Csv, await DetectAsync(text, "Bank.CSV"));
        Assert.Equal(DocumentContentTypes.Text, await DetectAsync(text, "notes.txt"));
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x00, 0x62 })]              // NUL
    [InlineData(new byte[] { 0x61, 0xC3 })]                    // truncated UTF-8 at the end
    [InlineData(new byte[] { 0x61, 0xFF, 0x62 })]              // not UTF-8
    [InlineData(new byte[] { 0x61, 0x1B, 0x5B, 0x33, 0x31 })]  // an escape sequence
    [InlineData(new byte[] { 0x61, 0xC2, 0x85 })]              // a C1 control (NEL)
    [InlineData(new byte[] { 0x0A, 0x20, 0x3C, 0x73, 0x76, 0x67 })] // markup after whitespace: "<svg"
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 })]        // a Windows executable
    public async Task Anything_else_is_refused(byte[] bytes) => Assert.Null(await DetectAsync(bytes, "a.txt"));
}
