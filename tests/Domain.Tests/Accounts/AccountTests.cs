using FinInfra.Domain.Accounts;
using FinInfra.Domain.Common;
using FinInfra.Domain.Tests.Common;

namespace FinInfra.Domain.Tests.Accounts;

public sealed class AccountTests
{
    private static readonly Guid UserId = Guid.CreateVersion7();
    private static readonly Guid ConnectionId = Guid.CreateVersion7();

    private static Account Linked(AccountType type = AccountType.Depository, decimal balance = 100m) =>
        Account.FromProvider(UserId, ConnectionId, "acc-1", "Checking", type, "checking", balance, CurrencyCode.Usd);

    private static Account Manual(decimal balance = 100m) =>
        Account.OpenManual(UserId, ConnectionId, null, "Cash", AccountType.Other, null, balance, CurrencyCode.Usd);

    [Theory]
    [InlineData(AccountType.Depository, AccountClassification.Asset)]
    [InlineData(AccountType.Investment, AccountClassification.Asset)]
    [InlineData(AccountType.Other, AccountClassification.Asset)]
    [InlineData(AccountType.Credit, AccountClassification.Liability)]
    [InlineData(AccountType.Loan, AccountClassification.Liability)]
    public void Types_are_classified_as_the_domain_says(AccountType type, AccountClassification expected)
    {
        Assert.Equal(expected, Account.Classify(type));
        Assert.Equal(expected, Linked(type).Classification);
    }

    [Fact]
    public void Only_a_manual_account_balance_can_be_set()
    {
        var manual = Manual();
        manual.SetBalance(250.1234m);
        Assert.Equal(250.1234m, manual.Balance);
        Assert.True(manual.IsManual);

        var linked = Linked();
        Rule.Broken("account.balance_provider_owned", () => linked.SetBalance(1m));
        Assert.Equal(100m, linked.Balance);
    }

    [Fact]
    public void Balance_fits_numeric_19_4()
    {
        Rule.Broken("account.balance", () => Manual().SetBalance(0.00001m));
        Rule.Broken("account.balance", () => Manual().SetBalance(1_000_000_000_000_000m));
        Rule.Broken("account.balance", () => Linked(balance: 1.23456m));
    }

    [Fact]
    public void Subtype_defaults_to_the_type_and_is_lower_cased()
    {
        Assert.Equal("other", Manual().Subtype);
        Assert.Equal("credit card", Account.FromProvider(UserId, ConnectionId, "c", "Card", AccountType.Credit, "Credit Card", 0m, CurrencyCode.Usd).Subtype);
    }

    [Fact]
    public void Manual_accounts_get_a_generated_provider_id()
    {
        Assert.StartsWith("manual-", Manual().AccountId);
        Assert.NotEqual(Manual().AccountId, Manual().AccountId);
    }

    [Fact]
    public void Invalid_input_is_refused()
    {
        Rule.Broken("owner.required", () => Account.FromProvider(Guid.Empty, ConnectionId, "a", "n", AccountType.Depository, null, 0m, CurrencyCode.Usd));
        Rule.Broken("account.connection", () => Account.FromProvider(UserId, Guid.Empty, "a", "n", AccountType.Depository, null, 0m, CurrencyCode.Usd));
        Rule.Broken("account.account_id", () => Account.FromProvider(UserId, ConnectionId, " ", "n", AccountType.Depository, null, 0m, CurrencyCode.Usd));
        Rule.Broken("account.name", () => Account.FromProvider(UserId, ConnectionId, "a", "", AccountType.Depository, null, 0m, CurrencyCode.Usd));
        Rule.Broken("account.type", () => Account.FromProvider(UserId, ConnectionId, "a", "n", (AccountType)42, null, 0m, CurrencyCode.Usd));
        Rule.Broken("account.subtype", () => Account.FromProvider(UserId, ConnectionId, "a", "n", AccountType.Depository, new string('s', 51), 0m, CurrencyCode.Usd));
        Rule.Broken("account.name", () => Linked().Rename("  "));
    }

    [Fact]
    public void Soft_delete_keeps_the_first_instant_and_restore_clears_it()
    {
        var account = Linked();
        var first = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        account.MarkDeleted(first);
        account.MarkDeleted(first.AddDays(1));
        Assert.True(account.IsDeleted);
        Assert.Equal(first, account.DeletedAt);

        account.Restore();
        Assert.False(account.IsDeleted);
    }

    [Fact]
    public void A_provider_refresh_updates_the_account_and_reopens_it_when_closed()
    {
        var account = Linked();
        account.Close(DateTimeOffset.UnixEpoch);
        Assert.True(account.IsClosed);
        account.RefreshFromProvider("Checking+", AccountType.Depository, "checking", 321.5m, new CurrencyCode("eur"));
        Assert.False(account.IsClosed);
        Assert.Equal(321.5m, account.Balance);
        Assert.Equal(new CurrencyCode("EUR"), account.Currency);
        Assert.Equal("Checking+", account.Name);
    }

    [Fact]
    public void An_unlinked_account_takes_a_balance_by_hand()
    {
        var account = Linked();
        Rule.Broken("account.balance_provider_owned", () => account.SetBalance(5m));
        account.Unlink();
        account.SetBalance(5m);
        Assert.Equal(5m, account.Balance);
    }
}
