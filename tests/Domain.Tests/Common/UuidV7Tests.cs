using FinInfra.Domain.Common;

namespace FinInfra.Domain.Tests.Common;

public sealed class UuidV7Tests
{
    [Fact]
    public void Identifiers_carry_version_7_and_the_rfc_variant()
    {
        for (var i = 0; i < 1000; i++)
        {
            var id = UuidV7.New();
            Assert.Equal(7, id.Version);
            Assert.Equal(0b1000, id.Variant & 0b1100);
        }
    }

    [Fact]
    public void The_first_48_bits_are_the_unix_milliseconds_big_endian()
    {
        var at = new DateTimeOffset(2026, 12, 2, 10, 30, 15, 123, TimeSpan.Zero);
        var text = UuidV7.New(at).ToString("N");
        Assert.Equal(at.ToUnixTimeMilliseconds(), Convert.ToInt64(text[..12], 16));
    }

    [Fact]
    public void Identifiers_of_later_milliseconds_sort_after_earlier_ones_as_text()
    {
        var earlier = UuidV7.New(DateTimeOffset.UnixEpoch.AddMilliseconds(1_000));
        var later = UuidV7.New(DateTimeOffset.UnixEpoch.AddMilliseconds(1_001));
        Assert.True(string.CompareOrdinal(earlier.ToString("N"), later.ToString("N")) < 0);
    }

    [Fact]
    public void Many_identifiers_across_several_refills_and_threads_never_repeat()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 5_000; i++) ids.Add(UuidV7.New());
        });
        Assert.Equal(20_000, ids.Distinct().Count());
        // The 74 random bits differ between neighbours drawn from one buffer (no reuse of buffer bytes).
        var one = Enumerable.Range(0, 600).Select(_ => UuidV7.New().ToString("N")[13..]).ToList();
        Assert.Equal(one.Count, one.Distinct().Count());
    }

    [Fact]
    public void Identifiers_drawn_one_after_another_sort_in_that_order_even_within_a_millisecond()
    {
        // Far more than one millisecond's worth at a time: most of these share their millisecond with a neighbour.
        var ids = Enumerable.Range(0, 20_000).Select(_ => UuidV7.New().ToString("N")).ToList();
        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.True(ids.Select(id => id[..12]).Distinct().Count() < ids.Count);
    }
}
