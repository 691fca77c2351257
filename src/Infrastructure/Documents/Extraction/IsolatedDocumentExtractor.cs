using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FinInfra.Application.Documents;
using Microsoft.Extensions.Options;

namespace FinInfra.Infrastructure.Documents.Extraction;

/// <summary>
/// Runs each extraction in a child process (<see cref="ExtractionChild"/>) with a wall-clock deadline, a managed heap
/// limit, an empty environment (no secret reaches it) and a bounded answer. Whatever happens in the child (a crash,
/// an uncatchable stack overflow, out of memory, a hang) becomes a <see cref="DocumentExtractionResult.Failed"/>
/// here; the service's process never parses the document.
/// </summary>
public sealed class IsolatedDocumentExtractor(IOptions<DocumentExtractionOptions> options) : IDocumentExtractor
{
    private readonly DocumentExtractionOptions _options = options.Value;

    public bool Supports(string contentType) => ContentExtractors.For(contentType) is not null;

    public async Task<DocumentExtractionResult> ExtractAsync(Stream content, string contentType, CancellationToken cancellationToken)
    {
        if (!Supports(contentType)) return DocumentExtractionResult.Failed($"Documents of type {contentType} are not extracted.");
        if (_options.Command.Count == 0) throw new InvalidOperationException($"{DocumentExtractionOptions.Section}:Command is not set.");

        using var process = new Process { StartInfo = StartInfo(contentType) };
        process.Start();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        // Read both pipes while writing the input, so a child that writes a lot never blocks on a full pipe.
        var answer = ReadBoundedAsync(process.StandardOutput.BaseStream, MaxAnswerBytes, deadline.Token);
        var errors = DiscardAsync(process.StandardError.BaseStream);
        try
        {
            try
            {
                await content.CopyToAsync(process.StandardInput.BaseStream, deadline.Token);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The child stopped reading (it died): its exit code tells why.
            }
            var output = await answer;
            if (output is null)
                return DocumentExtractionResult.Failed($"Extraction produced more than {MaxAnswerBytes} bytes and was stopped.");
            await process.WaitForExitAsync(deadline.Token);
            await errors;
            if (process.ExitCode != 0)
                return DocumentExtractionResult.Failed(
                    $"Extraction stopped unexpectedly (exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}): the file may be malformed, or built to exhaust the reader's memory or stack.");
            return Read(output);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DocumentExtractionResult.Failed($"Extraction took longer than {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s and was stopped.");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The text cap in UTF-16 characters; escaped JSON of it stays well within six bytes per character.</summary>
    private long MaxAnswerBytes => (long)_options.MaxTextLength * 6 + 64 * 1024;

    private ProcessStartInfo StartInfo(string contentType)
    {
        var start = new ProcessStartInfo(_options.Command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in _options.Command.Skip(1).Concat(ExtractionChild.Arguments(contentType, _options.ChildLimits)))
            start.ArgumentList.Add(argument);

        // Only what the runtime needs to start: no connection string, key or token is inherited.
        var inherited = start.Environment.Where(v => v.Key is "PATH" or "HOME" or "TMPDIR" || v.Key.StartsWith("DOTNET_ROOT", StringComparison.Ordinal)).ToList();
        start.Environment.Clear();
        foreach (var (key, value) in inherited) start.Environment[key] = value;
        start.Environment["DOTNET_GCHeapHardLimit"] = _options.MaxMemoryBytes.ToString("X", CultureInfo.InvariantCulture);
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    /// <summary>The child's diagnostics (a stack overflow's trace can be long) are drained, never logged: they could quote the document.</summary>
    private static async Task DiscardAsync(Stream stream)
    {
        try
        {
            await stream.CopyToAsync(Stream.Null);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // The pipe closed with the process.
        }
    }

    /// <summary>The whole stream, or null once it passes <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static DocumentExtractionResult Read(byte[] output)
    {
        ExtractionOutput? answer;
        try
        {
            answer = JsonSerializer.Deserialize<ExtractionOutput>(output, ExtractionOutput.Json);
        }
        catch (JsonException)
        {
            answer = null;
        }
        return answer switch
        {
            { Data: { } data } => DocumentExtractionResult.Extracted(data),
            { Failure: { } failure } => DocumentExtractionResult.Failed(failure),
            _ => DocumentExtractionResult.Failed("Extraction gave no readable answer."),
        };
    }
}
