using FinInfra.Application.Common.Paging;
using FinInfra.Application.Transactions;
using FinInfra.Application.Transactions.ListTransactions;
using FinInfra.Domain.Transactions;

namespace FinInfra.Application.Tests.Common;

public sealed class PagingTests
{
    [Fact]
    public void Cursors_RoundTrip_AndRefuseAnythingElse()
    {
        var id = Guid.CreateVersion7();
        Assert.True(Cursors.TryReadDateAndId(Cursors.ForDateAndId(new DateOnly(2026, 2, 28), id), out var date, out var read));
        Assert.Equal((new DateOnly(2026, 2, 28), id), (date, read));
        Assert.True(Cursors.TryReadId(Cursors.ForId(id), out var only));
        Assert.Equal(id, only);

        Assert.False(Cursors.TryReadId(Cursors.ForDateAndId(new DateOnly(2026, 2, 28), id), out _));
        Assert.False(Cursors.TryReadDateAndId("not a cursor", out _, out _));
        Assert.False(Cursors.TryReadId("", out _));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(501, null)]
    [InlineData(10, "garbage")]
    public void ListTransactionsValidator_RefusesBadLimitsAndCursors(int limit, string? cursor)
    {
        var validator = new ListTransactionsQueryValidator();
        var result = validator.Validate(new ListTransactionsQuery(new TransactionFilter(null, null, null, null, null, null), limit, cursor));
        Assert.False(result.IsValid);
    }

    [Fact]
    public void TransactionsByFilterSpec_FiltersCaseInsensitively_AndOrdersNewestFirstAfterTheCursor()
    {
        var user = Guid.CreateVersion7();
        var account = Guid.CreateVersion7();
        var rows = Enumerable.Range(1, 6)
            .Select(i => Transaction.Record(user, account, $"t{i}", -i, new DateOnly(2026, 1, i), i % 2 == 0 ? "Cafe" : "Fuel", i == 4 ? "Bean BAR" : null, i % 2 == 0 ? "Food" : "Car", false))
            .ToList();

        var food = new TransactionsByFilterSpec(new TransactionFilter(null, null, null, "FOOD", null, null), null, 10).Evaluate(rows).ToList();
        Assert.Equal(["t6", "t4", "t2"], food.Select(t => t.TransactionId));

        var afterFirst = new TransactionsByFilterSpec(new TransactionFilter(null, null, null, "food", null, null), (food[0].Date, food[0].Id), 10).Evaluate(rows);
        Assert.Equal(["t4", "t2"], afterFirst.Select(t => t.TransactionId));

        var bar = new TransactionsByFilterSpec(new TransactionFilter(null, null, null, null, null, "bar"), null, 10).Evaluate(rows);
        Assert.Equal("t4", Assert.Single(bar).TransactionId);

        var window = new TransactionsByFilterSpec(new TransactionFilter(null, new DateOnly(2026, 1, 2), new DateOnly(2026, 1, 3), null, null, null), null, 10).Evaluate(rows);
        Assert.Equal(["t3", "t2"], window.Select(t => t.TransactionId));
    }
}
