using System.Globalization;
using System.Text.Json;

namespace FinInfra.Infrastructure.Documents.Extraction;

/// <summary>
/// The child process's side of an extraction: <c>FinInfra.Api extract-document &lt;content type&gt; &lt;max pages&gt;
/// &lt;max decompressed bytes&gt; &lt;max text length&gt;</c> reads the document from stdin and writes one JSON
/// object to stdout, <c>{"data": {…}}</c> or <c>{"failure": "…"}</c>, then exits 0. It loads no configuration and
/// holds no secret. Any other ending (a crash, a stack overflow, running out of its memory limit, being killed at
/// its deadline) is read by <see cref="IsolatedDocumentExtractor"/> as a failed extraction.
/// </summary>
public static class ExtractionChild
{
    public const string Verb = "extract-document";

    private const string OutOfMemory = "Reading the document needs more memory than extraction is allowed.";

    public static IReadOnlyList<string> Arguments(string contentType, ExtractionLimits limits) =>
    [
        Verb, contentType,
        limits.MaxPages.ToString(CultureInfo.InvariantCulture),
        limits.MaxDecompressedBytes.ToString(CultureInfo.InvariantCulture),
        limits.MaxTextLength.ToString(CultureInfo.InvariantCulture),
    ];

    /// <param name="args">The arguments after the verb.</param>
    public static async Task<int> RunAsync(string[] args, Stream input, Stream output)
    {
        if (args.Length != 4
            || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var maxPages)
            || !long.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var maxDecompressed)
            || !int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var maxText))
        {
            await Console.Error.WriteLineAsync($"usage: {Verb} <content type> <max pages> <max decompressed bytes> <max text length>");
            return 2;
        }

        // A reader may swallow an OutOfMemoryException and carry on with partial content; any one seen fails the extraction.
        var outOfMemory = false;
        AppDomain.CurrentDomain.FirstChanceException += (_, seen) => outOfMemory |= seen.Exception is OutOfMemoryException;

        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer);
        ExtractionOutput answer;
        if (ContentExtractors.For(args[0]) is not { } extractor)
            answer = new ExtractionOutput(null, $"Documents of type {args[0]} are not extracted.");
        else
        {
            try
            {
                answer = new ExtractionOutput(extractor.Extract(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new ExtractionLimits(maxPages, maxDecompressed, maxText)), null);
            }
            catch (ExtractionRefusedException refused)
            {
                answer = new ExtractionOutput(null, refused.Message);
            }
            catch (OutOfMemoryException)
            {
                answer = new ExtractionOutput(null, OutOfMemory);
            }
            if (outOfMemory) answer = new ExtractionOutput(null, OutOfMemory);
        }
        await JsonSerializer.SerializeAsync(output, answer, ExtractionOutput.Json);
        await output.FlushAsync();
        return 0;
    }
}

/// <summary>What the child writes to stdout.</summary>
public sealed record ExtractionOutput(IReadOnlyDictionary<string, JsonElement>? Data, string? Failure)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
