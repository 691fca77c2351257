using FinInfra.Domain.Common;
using FinInfra.Domain.Tests.Common;
using FinInfra.Domain.Transactions;

namespace FinInfra.Domain.Tests.Transactions;

public sealed class TransactionTests
{
    private static readonly Guid UserId = Guid.CreateVersion7();
    private static readonly Guid AccountId = Guid.CreateVersion7();
    private static readonly DateOnly Day = new(2026, 2, 14);

    private static Transaction Groceries() =>
        Transaction.Record(UserId, AccountId, "tx-1", -42.5m, Day, "  Groceries ", " ", "Food", pending: true);

    [Fact]
    public void Record_keeps_sign_and_trims_text()
    {
        var transaction = Groceries();
        Assert.Equal(-42.5m, transaction.Amount);
        Assert.Equal("Groceries", transaction.Name);
        Assert.Null(transaction.MerchantName);
        Assert.Equal("Food", transaction.Category);
        Assert.True(transaction.Pending);
    }

    [Fact]
    public void Text_with_a_NUL_is_refused_whatever_its_source()
    {
        Assert.Equal("Tab\tname", Transaction.Record(UserId, AccountId, "tx-2", 1m, Day, "Tab\tname", null, null, pending: false).Name);
        Rule.Broken("transaction.name", () => Transaction.Record(UserId, AccountId, "tx-2", 1m, Day, "Na\0me", null, null, pending: false));
        Rule.Broken("transaction.merchant", () => Groceries().Apply(1m, Day, "Groceries", "Sh\0p", null, pending: false, CurrencyCode.Usd));
        Rule.Broken("transaction.category", () => Groceries().Apply(1m, Day, "Groceries", null, "\0", pending: false, CurrencyCode.Usd));
    }

    [Fact]
    public void Apply_reports_whether_anything_changed()
    {
        var transaction = Groceries();
        Assert.False(transaction.Apply(-42.5m, Day, "Groceries", null, "Food", pending: true, CurrencyCode.Usd));
        Assert.True(transaction.Apply(-42.5m, Day, "Groceries", null, "Food", pending: false, CurrencyCode.Usd));
        Assert.False(transaction.Pending);
        Assert.True(transaction.Apply(-40m, Day, "Groceries", null, "Food", pending: false, CurrencyCode.Usd));
        Assert.Equal(-40m, transaction.Amount);
    }

    [Fact]
    public void Edit_changes_only_descriptive_fields()
    {
        var transaction = Groceries();
        transaction.Edit(null, "Green Market", "Groceries");
        Assert.Equal("Groceries", transaction.Name);
        Assert.Equal("Green Market", transaction.MerchantName);
        Assert.Equal("Groceries", transaction.Category);
        Assert.Equal(-42.5m, transaction.Amount);
        transaction.Edit(null, "", null);
        Assert.Null(transaction.MerchantName);
        Rule.Broken("transaction.name", () => transaction.Edit(" ", null, null));
    }

    [Fact]
    public void Invalid_input_is_refused()
    {
        Rule.Broken("owner.required", () => Transaction.Record(Guid.Empty, AccountId, "t", 1m, Day, "n", null, null, false));
        Rule.Broken("transaction.account", () => Transaction.Record(UserId, Guid.Empty, "t", 1m, Day, "n", null, null, false));
        Rule.Broken("transaction.transaction_id", () => Transaction.Record(UserId, AccountId, "", 1m, Day, "n", null, null, false));
        Rule.Broken("transaction.date", () => Transaction.Record(UserId, AccountId, "t", 1m, default, "n", null, null, false));
        Rule.Broken("transaction.amount", () => Transaction.Record(UserId, AccountId, "t", 1.00001m, Day, "n", null, null, false));
        Rule.Broken("transaction.name", () => Transaction.Record(UserId, AccountId, "t", 1m, Day, "", null, null, false));
        Rule.Broken("transaction.category", () => Transaction.Record(UserId, AccountId, "t", 1m, Day, "n", null, new string('c', 256), false));
    }
}
