using FinInfra.Domain.Common;

namespace FinInfra.Domain.Accounts;

public enum AccountType { Depository, Investment, Credit, Loan, Other }

public enum AccountClassification { Asset, Liability }

public sealed class Account : SoftDeletableEntity
{
    private Account() { AccountId = null!; Name = null!; Subtype = null!; }

    private Account(Guid userId, Guid connectionId, string accountId, bool isManual) : base(userId)
    {
        if (connectionId == Guid.Empty) throw new DomainRuleException("account.connection", "An account belongs to a connection.");
        ConnectionId = connectionId;
        AccountId = Guard.Text(accountId, "account.account_id", "Account id", 100);
        IsManual = isManual;
        Name = null!;
        Subtype = null!;
    }

    public Guid ConnectionId { get; private set; }

    /// <summary>The provider's id for this account, unique within its connection.</summary>
    public string AccountId { get; private set; }

    public string Name { get; private set; }
    public AccountType Type { get; private set; }
    public string Subtype { get; private set; }

    /// <summary>What the provider reports (or the user sets, for a manual account). A liability's balance is the amount owed, positive.</summary>
    public decimal Balance { get; private set; }

    public CurrencyCode Currency { get; private set; } = CurrencyCode.Usd;
    /// <summary>True for the user's own account: a manual one, or one whose connection was disconnected (unlinked).</summary>
    public bool IsManual { get; private set; }

    /// <summary>
    /// When the provider stopped reporting this account. A closed account keeps its history and counts in every past
    /// period, but not in today's net worth; it reopens if the provider reports it again.
    /// </summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    public bool IsClosed => ClosedAt is not null;

    public AccountClassification Classification => Classify(Type);

    public static AccountClassification Classify(AccountType type) =>
        type is AccountType.Credit or AccountType.Loan ? AccountClassification.Liability : AccountClassification.Asset;

    public static Account OpenManual(Guid userId, Guid connectionId, string? accountId, string name, AccountType type, string? subtype, decimal balance, CurrencyCode currency)
    {
        var account = new Account(userId, connectionId, string.IsNullOrWhiteSpace(accountId) ? $"manual-{Guid.NewGuid():N}" : accountId, isManual: true);
        account.Describe(name, type, subtype, balance, currency);
        return account;
    }

    public static Account FromProvider(Guid userId, Guid connectionId, string accountId, string name, AccountType type, string? subtype, decimal balance, CurrencyCode currency)
    {
        var account = new Account(userId, connectionId, accountId, isManual: false);
        account.Describe(name, type, subtype, balance, currency);
        return account;
    }

    /// <summary>
    /// Applies what the provider now reports, and reopens a closed account. An account
    /// the user deleted is not refreshed (the caller skips it): deleting is the user's act, and a sync does not undo it.
    /// </summary>
    public void RefreshFromProvider(string name, AccountType type, string? subtype, decimal balance, CurrencyCode currency)
    {
        Describe(name, type, subtype, balance, currency);
        ClosedAt = null;
    }

    /// <summary>The provider no longer reports this account: it is closed, not deleted.</summary>
    public void Close(DateTimeOffset at) => ClosedAt ??= at;

    /// <summary>Its connection was disconnected: the account becomes the user's own, history kept, balance set by hand.</summary>
    public void Unlink() => IsManual = true;


    public void Rename(string name) => Name = Guard.Text(name, "account.name", "Name");

    public void SetBalance(decimal balance)
    {
        if (!IsManual)
            throw new DomainRuleException("account.balance_provider_owned", "Only a manual account's balance can be set; a linked account's balance comes from its provider.");
        Balance = Guard.Money(balance, "account.balance", "Balance");
    }

    private void Describe(string name, AccountType type, string? subtype, decimal balance, CurrencyCode currency)
    {
        if (!Enum.IsDefined(type)) throw new DomainRuleException("account.type", "Unknown account type.");
        Name = Guard.Text(name, "account.name", "Name");
        Type = type;
        Subtype = Guard.OptionalText(subtype, "account.subtype", "Subtype", 50)?.ToLowerInvariant() ?? type.ToString().ToLowerInvariant();
        Balance = Guard.Money(balance, "account.balance", "Balance");
        Currency = currency;
    }

    public override string ToString() => $"Account {Id} ({Type})";
}
