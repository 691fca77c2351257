using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FinInfra.Domain.Common;

/// <summary>
/// Version-7 UUIDs (RFC 9562: 48-bit Unix milliseconds, then 74 random bits), the same layout as
/// <see cref="Guid.CreateVersion7()"/>, but drawing the random bits from a per-thread buffer that is refilled from
/// the CSPRNG 256 identifiers at a time. <see cref="Guid.CreateVersion7()"/> asks the operating system for 10 random
/// bytes on every call; on a machine where that system call is slow it cost about 6 µs an identifier, 0.7 s of a
/// 100,000-row import. The identifiers are as unguessable as before (same generator, same number of random bits).
/// </summary>
public static class UuidV7
{
    private const int RandomBytesPerId = 10;
    private const int IdsPerRefill = 256;

    [ThreadStatic] private static byte[]? buffer;
    [ThreadStatic] private static int offset;

    public static Guid New() => New(DateTimeOffset.UtcNow);

    public static Guid New(DateTimeOffset at)
    {
        var random = buffer;
        if (random is null || offset == random.Length)
        {
            random ??= buffer = new byte[RandomBytesPerId * IdsPerRefill];
            RandomNumberGenerator.Fill(random);
            offset = 0;
        }

        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = at.ToUnixTimeMilliseconds();
        BinaryPrimitives.WriteInt64BigEndian(bytes[..8], milliseconds << 16);
        random.AsSpan(offset, RandomBytesPerId).CopyTo(bytes[6..]);
        random.AsSpan(offset, RandomBytesPerId).Clear();
        offset += RandomBytesPerId;

        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F)); // version 7
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // variant 10
        return new Guid(bytes, bigEndian: true);
    }
}
