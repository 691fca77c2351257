using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using CsvHelper.Configuration;
using FinInfra.Application.Transactions.Common;
using FinInfra.Application.Transactions.ImportTransactionFile;
using FinInfra.Application.Transactions.ImportTransactions;
using ValidationException = FluentValidation.ValidationException;
using FluentValidation.Results;

namespace FinInfra.Infrastructure.Persistence.BulkImport;

/// <summary>
/// Reads NDJSON (one object a line, the batch import's row fields, as strictly as the API's JSON) or CSV (CsvHelper, a
/// header row; RFC 4180 quoting) from a stream as it arrives. A line that cannot be read becomes a rejected line with
/// its number; a file whose structure is broken (a CSV without the required header, an unterminated quote) is a 400.
/// </summary>
public sealed class TransactionFileReader : ITransactionFileReader
{
    /// <summary>The CSV columns, matched case-insensitively; the first four are required.</summary>
    public static readonly string[] CsvColumns = ["transactionId", "amount", "date", "name", "merchantName", "category", "pending", "currency"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public IAsyncEnumerable<ImportLine> ReadAsync(Stream content, ImportFileFormat format, CancellationToken cancellationToken) => format switch
    {
        ImportFileFormat.Ndjson => ReadNdjsonAsync(content, cancellationToken),
        ImportFileFormat.Csv => ReadCsvAsync(content, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>
    /// NDJSON straight from the body's UTF-8 bytes (a pipe over the stream): each line is parsed where it lies in the
    /// buffer, with no string made of it first. Lines end at LF, CRLF or a lone CR; a UTF-8 byte order mark at the start
    /// is skipped; a line of only whitespace is counted and skipped. A line must hold exactly one JSON value.
    /// </summary>
    private static async IAsyncEnumerable<ImportLine> ReadNdjsonAsync(Stream content, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pipe = PipeReader.Create(content, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        var parsed = new List<ImportLine>();
        long number = 0;
        var started = false;
        try
        {
            while (true)
            {
                var read = await pipe.ReadAsync(cancellationToken);
                var buffer = read.Buffer;
                if (!started)
                {
                    if (buffer.Length < Utf8Bom.Length && !read.IsCompleted)
                    {
                        pipe.AdvanceTo(buffer.Start, buffer.End);
                        continue;
                    }
                    if (StartsWith(buffer, Utf8Bom)) buffer = buffer.Slice(Utf8Bom.Length);
                    started = true;
                }
                while (TryReadLine(ref buffer, read.IsCompleted, out var line))
                    if (Parse(++number, line) is { } one) parsed.Add(one);
                if (read.IsCompleted && !buffer.IsEmpty)
                {
                    if (Parse(++number, buffer) is { } last) parsed.Add(last);
                    buffer = buffer.Slice(buffer.End);
                }
                pipe.AdvanceTo(buffer.Start, buffer.End);
                foreach (var line in parsed) yield return line;
                parsed.Clear();
                if (read.IsCompleted) yield break;
            }
        }
        finally
        {
            await pipe.CompleteAsync();
        }
    }

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private static bool StartsWith(ReadOnlySequence<byte> buffer, byte[] prefix)
    {
        if (buffer.Length < prefix.Length) return false;
        Span<byte> head = stackalloc byte[prefix.Length];
        buffer.Slice(0, prefix.Length).CopyTo(head);
        return head.SequenceEqual(prefix);
    }

    /// <summary>The next line and its end (LF, CRLF or CR) taken off <paramref name="buffer"/>; false when the buffer holds no whole line yet.</summary>
    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadToAny(out line, "\r\n"u8, advancePastDelimiter: false))
            return false;
        reader.TryRead(out var end);
        if (end == (byte)'\r')
        {
            // A CR at the end of what has arrived may be the first half of a CRLF: wait for the next byte.
            if (reader.End && !completed) return false;
            reader.IsNext((byte)'\n', advancePast: true);
        }
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private static ImportLine? Parse(long number, ReadOnlySequence<byte> line)
    {
        if (IsBlank(line)) return null;
        ImportedTransaction? row = null;
        string? error = null;
        try
        {
            var reader = line.IsSingleSegment ? new Utf8JsonReader(line.FirstSpan) : new Utf8JsonReader(line);
            row = JsonSerializer.Deserialize<ImportedTransaction>(ref reader, Json);
            // One value a line: anything after it but whitespace is refused, as a whole-string parse would.
            if (reader.Read()) throw new JsonException("More than one JSON value on the line.");
            if (row is null) error = "The line is not a transaction object.";
        }
        catch (JsonException exception)
        {
            row = null;
            error = exception.Path is { Length: > 1 } path ? $"{path.TrimStart('$', '.')}: not a valid value." : "The line is not a valid JSON transaction object.";
        }
        return new ImportLine(number, row, error);
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
            if (segment.Span.IndexOfAnyExcept(" \t\f\v"u8) >= 0) return false;
        return true;
    }

    private static async IAsyncEnumerable<ImportLine> ReadCsvAsync(Stream content, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var text = new StreamReader(content, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false, TrimOptions = TrimOptions.None, BadDataFound = null };
        using var csv = new CsvReader(text, configuration);
        int[] index;
        try
        {
            if (!await csv.ReadAsync()) yield break;
            csv.ReadHeader();
            var header = csv.HeaderRecord ?? [];
            index = CsvColumns.Select(c => Array.FindIndex(header, h => string.Equals(h.Trim(), c, StringComparison.OrdinalIgnoreCase))).ToArray();
        }
        catch (CsvHelperException)
        {
            throw Malformed(1);
        }
        if (index.Take(4).Any(i => i < 0))
            throw new ValidationException([new ValidationFailure("body", $"The CSV header must name the columns {string.Join(", ", CsvColumns.Take(4))} (optional: {string.Join(", ", CsvColumns.Skip(4))}).")]);

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool more;
            try
            {
                more = await csv.ReadAsync();
            }
            catch (CsvHelperException)
            {
                throw Malformed(csv.Parser.RawRow);
            }
            if (!more) yield break;
            var line = csv.Parser.RawRow;
            var record = csv.Parser.Record ?? [];
            if (record.All(string.IsNullOrWhiteSpace)) continue;
            yield return Row(line, record, index);
        }
    }

    private static ImportLine Row(long line, string[] record, int[] index)
    {
        string? Field(int column) => index[column] >= 0 && index[column] < record.Length && record[index[column]].Length > 0 ? record[index[column]] : null;
        if (!decimal.TryParse(Field(1), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            return new ImportLine(line, null, "amount: not a number (use a point for decimals, no thousands separator).");
        if (!DateOnly.TryParseExact(Field(2), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return new ImportLine(line, null, "date: not a date (yyyy-MM-dd).");
        var pending = false;
        if (Field(6) is { } pendingText && !bool.TryParse(pendingText, out pending))
            return new ImportLine(line, null, "pending: not true or false.");
        return new ImportLine(line, new ImportedTransaction(Field(0)!, amount, date, Field(3)!, Field(4), Field(5), pending, Field(7)));
    }

    private static ValidationException Malformed(long line) =>
        new([new ValidationFailure("body", $"The CSV is malformed at line {line} (for example an unterminated quote).")]);
}
