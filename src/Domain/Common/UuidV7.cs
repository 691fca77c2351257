using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FinInfra.Domain.Common;

/// <summary>
/// Version-7 UUIDs (RFC 9562: 48-bit Unix milliseconds, then 74 random bits), the same layout as
/// <see cref="Guid.CreateVersion7()"/>, but drawing the random bits from a per-thread buffer that is refilled from
/// the CSPRNG 256 identifiers at a time. <see cref="Guid.CreateVersion7()"/> asks the operating system for 10 random
/// bytes on every call; on a machine where that system call is slow it cost about 6 µs an identifier, 0.7 s of a
/// 100,000-row import.
/// <para>
/// <see cref="New()"/> is also monotonic within the process (RFC 9562 §6.2, method 1): the 12 bits after the version
/// (<c>rand_a</c>) count the identifiers drawn in the same millisecond, so two rows created one after the other sort in
/// that order even within one millisecond, as the lists' "creation order" promises; the other 62 bits stay random.
/// More than 4,096 in one millisecond borrow the next millisecond (the clock runs at most that far ahead).
/// </para>
/// </summary>
public static class UuidV7
{
    private const int RandomBytesPerId = 10;
    private const int IdsPerRefill = 256;

    [ThreadStatic] private static byte[]? buffer;
    [ThreadStatic] private static int offset;

    private const int SequenceBits = 12;

    /// <summary>The last identifier's (milliseconds &lt;&lt; 12 | sequence), shared by every thread.</summary>
    private static long last;

    public static Guid New()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << SequenceBits;
        long previous, next;
        do
        {
            previous = Volatile.Read(ref last);
            next = Math.Max(now, previous + 1);
        }
        while (Interlocked.CompareExchange(ref last, next, previous) != previous);
        return Compose(next >> SequenceBits, (int)(next & ((1 << SequenceBits) - 1)));
    }

    /// <summary>An identifier of the instant <paramref name="at"/>, with all 74 bits after the timestamp random.</summary>
    public static Guid New(DateTimeOffset at) => Compose(at.ToUnixTimeMilliseconds(), sequence: null);

    private static Guid Compose(long milliseconds, int? sequence)
    {
        var random = buffer;
        if (random is null || offset == random.Length)
        {
            random ??= buffer = new byte[RandomBytesPerId * IdsPerRefill];
            RandomNumberGenerator.Fill(random);
            offset = 0;
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes[..8], milliseconds << 16);
        random.AsSpan(offset, RandomBytesPerId).CopyTo(bytes[6..]);
        random.AsSpan(offset, RandomBytesPerId).Clear();
        offset += RandomBytesPerId;
        if (sequence is { } counter)
        {
            bytes[6] = (byte)(counter >> 8);
            bytes[7] = (byte)counter;
        }

        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F)); // version 7
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // variant 10
        return new Guid(bytes, bigEndian: true);
    }
}
