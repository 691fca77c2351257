using System.Text;
using FinInfra.Application.Transactions.Common;
using FinInfra.Application.Transactions.ImportTransactionFile;
using FinInfra.Infrastructure.Persistence.BulkImport;

namespace FinInfra.Integration.Tests.Transactions;

/// <summary>The NDJSON reader parses the body's bytes where they arrive: line ends, line numbers and refusals must not depend on how the bytes are split.</summary>
public sealed class TransactionFileReaderTests
{
    private const string A = """{"transactionId":"a","amount":-4.50,"date":"2026-03-01","name":"Coffé ☕"}""";
    private const string B = """{"transactionId":"b","amount":2500,"date":"2026-03-02","name":"Salary"}""";

    private static async Task<List<ImportLine>> ReadAsync(byte[] body, int chunk)
    {
        var lines = new List<ImportLine>();
        await foreach (var line in new TransactionFileReader().ReadAsync(new TrickleStream(body, chunk), ImportFileFormat.Ndjson, CancellationToken.None))
            lines.Add(line);
        return lines;
    }

    public static TheoryData<int> Chunks => [1, 2, 3, 7, 64 * 1024];

    [Theory]
    [MemberData(nameof(Chunks))]
    public async Task Lines_end_at_LF_CRLF_or_CR_and_keep_their_numbers_however_the_body_arrives(int chunk)
    {
        var body = Encoding.UTF8.GetBytes($"\uFEFF{A}\r\n\r\n{B}\r{A.Replace("\"a\"", "\"c\"")}\n   \t\n{B.Replace("\"b\"", "\"d\"")}");

        var lines = await ReadAsync(body, chunk);

        Assert.Equal([1L, 3, 4, 6], lines.Select(l => l.Line));
        Assert.All(lines, l => Assert.Null(l.Error));
        Assert.Equal(["a", "b", "c", "d"], lines.Select(l => l.Row!.TransactionId));
        Assert.Equal("Coffé ☕", lines[0].Row!.Name);
        Assert.Equal(-4.50m, lines[0].Row!.Amount);
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public async Task A_bad_line_is_refused_with_its_number_and_the_rest_are_read(int chunk)
    {
        var invalidUtf8 = Encoding.UTF8.GetBytes("""{"transactionId":"x","amount":1,"date":"2026-03-01","name":"bad """).Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();
        var body = Encoding.UTF8.GetBytes($"{A}\n{A} trailing\n{A}{B}\nnull\n{{\"transactionId\":\"y\",\"amount\":\"1\",\"date\":\"2026-03-01\",\"name\":\"n\"}}\n")
            .Concat(invalidUtf8).Concat(Encoding.UTF8.GetBytes($"\n{B}\n[1,2]\n{{")).ToArray();

        var lines = await ReadAsync(body, chunk);

        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8, 9], lines.Select(l => l.Line));
        Assert.Equal([true, false, false, false, false, false, true, false, false], lines.Select(l => l.Error is null));
        Assert.All(lines.Where(l => l.Error is not null), l => Assert.Null(l.Row));
        Assert.Equal("The line is not a transaction object.", lines[3].Error);
        Assert.Equal("amount: not a valid value.", lines[4].Error);
        Assert.Equal("b", lines[6].Row!.TransactionId);
    }

    [Fact]
    public async Task An_empty_body_and_a_lone_mark_hold_no_lines()
    {
        Assert.Empty(await ReadAsync([], 1));
        Assert.Empty(await ReadAsync([0xEF, 0xBB, 0xBF], 1));
        Assert.Empty(await ReadAsync("\r\n\n"u8.ToArray(), 1));
    }

    /// <summary>A body that arrives <c>chunk</c> bytes at a time, as a slow client sends it.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
