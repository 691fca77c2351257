using System.IO.Compression;
using System.Text;

namespace FinInfra.Integration.Tests.Documents;

/// <summary>PDFs built to attack a reader, written object by object (no PDF library would write them).</summary>
public static class HostilePdfs
{
    /// <summary>
    /// A page whose colour space is a Separation with a Type 4 (PostScript calculator) tint function nesting
    /// <paramref name="depth"/> <c>true {…} if</c> procedures: PdfPig 0.1.16 evaluates it recursively, one stack frame
    /// per level, when the page's text is read, and overflows the stack (PdfPig issue #1421).
    /// </summary>
    public static byte[] DeepRecursion(int depth = 100_000)
    {
        var program = new StringBuilder(depth * 16);
        program.Append("{ ");
        for (var i = 0; i < depth; i++) program.Append("true { ");
        program.Append("0.5 ");
        for (var i = 0; i < depth; i++) program.Append("} if ");
        program.Append('}');
        return Build(
            "/ColorSpace << /CS0 [/Separation /Spot /DeviceGray 6 0 R] >>",
            Stream("", "/CS0 cs 1 scn BT /F1 12 Tf 72 720 Td (Hello) Tj ET"u8.ToArray()),
            Stream("/FunctionType 4 /Domain [0 1] /Range [0 1]", Encoding.ASCII.GetBytes(program.ToString())));
    }

    /// <summary>A page whose content stream is a few hundred KB of Flate that inflates to <paramref name="decompressedBytes"/> of zeros.</summary>
    public static byte[] DecompressionBomb(long decompressedBytes = 256L * 1024 * 1024)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (long written = 0; written < decompressedBytes; written += zeros.Length) zlib.Write(zeros);
        }
        return Build("", Stream("/Filter /FlateDecode", compressed.ToArray()), null);
    }

    private static byte[] Stream(string dictionary, byte[] data) =>
        [.. Encoding.ASCII.GetBytes($"<< {dictionary} /Length {data.Length} >>\nstream\n"), .. data, .. "\nendstream"u8];

    private static byte[] Build(string resources, byte[] content, byte[]? function)
    {
        List<byte[]> objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>"u8.ToArray(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"u8.ToArray(),
            Encoding.ASCII.GetBytes($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> {resources} >> /Contents 5 0 R >>"),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"u8.ToArray(),
            content,
        ];
        if (function is not null) objects.Add(function);

        using var pdf = new MemoryStream();
        void Write(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
        Write("%PDF-1.7\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            Write($"{i + 1} 0 obj\n");
            pdf.Write(objects[i]);
            Write("\nendobj\n");
        }
        var xref = pdf.Position;
        Write($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) Write($"{offset:D10} 00000 n \n");
        Write($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }
}
