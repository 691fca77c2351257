using FinInfra.Domain.Common;
using FinInfra.Domain.Tests.Common;
using FinInfra.Domain.Transactions;

namespace FinInfra.Domain.Tests.Transactions;

public sealed class TransactionEditsAndKindsTests
{
    private static readonly Guid UserId = Guid.NewGuid();
    private static readonly DateOnly Day = new(2026, 3, 1);

    private static Transaction Row(Guid accountId, decimal amount, string category = "Food", string id = "t1") =>
        Transaction.Record(UserId, accountId, id, amount, Day, "BANK NAME", "Bank merchant", category, pending: false, CurrencyCode.Usd, source: TransactionSource.Provider);

    [Fact]
    public void An_edited_field_is_locked_against_the_source_which_is_kept_beside_it()
    {
        var row = Row(Guid.NewGuid(), -10m);
        row.Edit(null, null, "Groceries", TransactionKind.Excluded, "split with Sam");

        row.Apply(-10m, Day, "BANK NAME 2", "Bank merchant", "Food and drink", pending: false, CurrencyCode.Usd);

        Assert.Equal(("BANK NAME 2", "Groceries", "groceries", TransactionKind.Excluded, "split with Sam"), (row.Name, row.Category, row.CategoryKey, row.Kind, row.Note));
        Assert.Equal(("BANK NAME 2", "Food and drink", TransactionKind.Standard), (row.SourceName, row.SourceCategory, row.SourceKind));
        Assert.Equal(EditableField.Category | EditableField.Kind, row.EditedFields);
        Assert.False(row.Counts);
    }

    [Fact]
    public void Resetting_a_field_takes_the_sources_latest_value_and_follows_it_again()
    {
        var row = Row(Guid.NewGuid(), -10m);
        row.Edit("Mine", null, "Groceries");
        row.Apply(-10m, Day, "BANK NAME", "Bank merchant", "Dining", pending: false, CurrencyCode.Usd);

        row.ResetToSource(EditableField.Category);

        Assert.Equal(("Mine", "Dining", EditableField.Name), (row.Name, row.Category, row.EditedFields));
        row.Apply(-10m, Day, "BANK NAME", "Bank merchant", "Restaurants", pending: false, CurrencyCode.Usd);
        Assert.Equal("Restaurants", row.Category);
    }

    [Fact]
    public void A_posted_row_inherits_the_pending_rows_edits_and_note()
    {
        var pending = Row(Guid.NewGuid(), -10m, id: "p1");
        pending.Edit(null, "Corner shop", "Groceries", null, "weekly shop");
        var posted = Row(pending.AccountId, -10m, id: "posted-1");

        posted.InheritEdits(pending);

        Assert.Equal(("Corner shop", "Groceries", "weekly shop", EditableField.MerchantName | EditableField.Category), (posted.MerchantName, posted.Category, posted.Note, posted.EditedFields));
        Assert.Equal("BANK NAME", posted.Name);
    }

    [Fact]
    public void A_pair_is_money_out_and_the_same_amount_in_on_another_account_and_a_split_pair_is_never_a_candidate_again()
    {
        var checking = Row(Guid.NewGuid(), -1000m, id: "out");
        var savings = Row(Guid.NewGuid(), 1000m, id: "in");
        Assert.True(checking.IsTransferCandidate && savings.IsTransferCandidate);

        Transaction.Pair(checking, savings, TransactionKind.Transfer, byUser: false);
        Assert.Equal((TransactionKind.Transfer, savings.Id, TransactionKind.Transfer, checking.Id), (checking.Kind, checking.CounterpartId, savings.Kind, savings.CounterpartId));
        checking.Apply(-1000m, Day, "BANK NAME", null, "Food", pending: false, CurrencyCode.Usd);
        Assert.Equal(TransactionKind.Transfer, checking.Kind);

        Transaction.Split(checking, savings);
        Assert.Equal((TransactionKind.Standard, (Guid?)null), (checking.Kind, checking.CounterpartId));
        Assert.False(checking.IsTransferCandidate || savings.IsTransferCandidate);

        Rule.Broken("transaction.pair_amounts", () => Transaction.Pair(Row(Guid.NewGuid(), -5m), Row(Guid.NewGuid(), 4m), TransactionKind.Transfer, byUser: true));
        var sameAccount = Guid.NewGuid();
        Rule.Broken("transaction.pair_accounts", () => Transaction.Pair(Row(sameAccount, -5m), Row(sameAccount, 5m, id: "t2"), TransactionKind.Transfer, byUser: true));
    }

    [Theory]
    [InlineData("Café", "café")]
    [InlineData("CAFÉ", "café")]
    [InlineData("Cafe\u0301", "café")]
    [InlineData("  Ｆｏｏｄ ", "food")]
    [InlineData("ΟΔΟΣ", "οδοσ")]
    [InlineData("οδος", "οδοσ")]
    public void Category_keys_are_nfkc_and_case_folded(string category, string key) => Assert.Equal(key, CategoryKey.OfStored(category));

    [Theory]
    [InlineData(null, 3000, -400, 3000, 400)]
    [InlineData("salary", 3000, -10, 3000, 10)]
    [InlineData("food", 20, -100, 0, 80)]
    [InlineData("food", 50, -30, 0, 0)]
    [InlineData("food", 30, 0, 0, 0)]
    public void Money_flow_is_one_definition(string? key, int moneyIn, int moneyOut, int income, int spending) =>
        Assert.Equal(new IncomeAndSpending(income, spending), MoneyFlow.Of(key, new CategoryFlow(moneyIn, moneyOut)));
}
