using FinInfra.Application.BankSync;

namespace FinInfra.Application.Tests.BankSync;

public sealed class ProviderChangesTests
{
    private static ProviderTransaction Tx(string id, decimal amount = -1m, string? replaces = null) =>
        new(id, "acc", amount, new DateOnly(2026, 1, 1), id, null, null, Pending: false, replaces);

    private static ProviderTransactionPage Page(ProviderTransaction[]? added = null, ProviderTransaction[]? modified = null, string[]? removed = null, string? next = "c") =>
        new(added ?? [], modified ?? [], removed ?? [], next, HasMore: false);

    [Fact]
    public void Fold_WhenLaterPagesChangeATransaction_KeepsTheLatestVersion()
    {
        var changes = ProviderChanges.Fold([], [Page(added: [Tx("t1", -1m)]), Page(modified: [Tx("t1", -2m)], next: "c2")]);

        Assert.Equal(-2m, Assert.Single(changes.Upserts).Amount);
        Assert.Empty(changes.Removals);
        Assert.Equal("c2", changes.Cursor);
    }

    [Fact]
    public void Fold_WhenAddedThenRemoved_OnlyRemoves()
    {
        var changes = ProviderChanges.Fold([], [Page(added: [Tx("t1")]), Page(removed: ["t1"])]);

        Assert.Empty(changes.Upserts);
        Assert.Equal(["t1"], changes.Removals);
    }

    [Fact]
    public void Fold_WhenRemovedThenAddedAgain_OnlyUpserts()
    {
        var changes = ProviderChanges.Fold([], [Page(removed: ["t1"]), Page(added: [Tx("t1")])]);

        Assert.Single(changes.Upserts);
        Assert.Empty(changes.Removals);
    }

    [Fact]
    public void Fold_WhenAPostedTransactionNamesItsPendingOne_RemovesThePendingOne()
    {
        var changes = ProviderChanges.Fold([], [Page(added: [Tx("posted", replaces: "pending")])]);

        Assert.Equal(["posted"], changes.Upserts.Select(t => t.TransactionId));
        Assert.Equal(["pending"], changes.Removals);
    }

    [Fact]
    public void Fold_WithNoPages_HasNoCursor()
    {
        var changes = ProviderChanges.Fold([], []);

        Assert.Null(changes.Cursor);
        Assert.False(changes.IsSnapshot);
    }

    [Fact]
    public void Fold_NormalisesTransactionIdsAsTheUpsertStoresThem_SoRemovalsAndReplacementsFindTheirRow()
    {
        var changes = ProviderChanges.Fold([], [Page(added: [Tx(" t\02 ", replaces: "p\01 ")], removed: ["\tt1 "])]);

        Assert.Equal("t2", Assert.Single(changes.Upserts).TransactionId);
        Assert.Equal(["p1", "t1"], changes.Removals.Order());
    }
}
