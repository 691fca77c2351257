using System.Net.Http.Headers;
using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace FinInfra.Integration.Tests.Documents;

/// <summary>Sample files and the multipart requests that carry them.</summary>
public static class DocumentFiles
{
    public static byte[] Pdf(string text)
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(PageSize.A4);
        page.AddText(text, 12, new PdfPoint(25, 700), builder.AddStandard14Font(Standard14Font.Helvetica));
        return builder.Build();
    }

    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46, 0];
    public static readonly byte[] Elf = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    public static readonly byte[] WindowsExe = [0x4D, 0x5A, 0x90, 0, 0x03, 0, 0, 0, 0x04, 0, 0, 0, 0xFF, 0xFF, 0, 0];
    public static readonly byte[] Html = Encoding.UTF8.GetBytes("  <!DOCTYPE html><html><script>alert(1)</script></html>");
    public static readonly byte[] Csv = Encoding.UTF8.GetBytes("date,amount\n2026-01-02,-12.50\n");

    /// <summary>documentType first, then the file, as the upload route expects.</summary>
    public static MultipartFormDataContent Upload(byte[] bytes, string filename, string contentType, string? documentType = "receipt")
    {
        var form = new MultipartFormDataContent();
        if (documentType is not null) form.Add(new StringContent(documentType), "documentType");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileNameStar = filename };
        form.Add(file);
        return form;
    }
}
