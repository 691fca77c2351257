using FinInfra.Domain.Common;

namespace FinInfra.Domain.Accounts;

/// <summary>
/// What the user says a manual account was worth at the end of one day ("on 2026-03-01 the house was worth 410,000").
/// A manual account's balance history is anchored on its valuations and carried forward through its transactions
/// (<see cref="DailyBalances"/>). At most one per account per day: recording that day again replaces the value.
/// </summary>
public sealed class AccountValuation : Entity, IAuditable, IOwnedByUser
{
    public const string ManualOnlyRule = "valuation.manual_only";
    public const string ManualOnlyMessage = "Only a manual account takes valuations; a linked account's balance comes from its provider.";

    private AccountValuation() { }

    private AccountValuation(Guid userId, Guid accountId, DateOnly date) : this()
    {
        UserId = Guard.Owner(userId);
        AccountId = accountId;
        Date = date;
    }

    public Guid UserId { get; private set; }
    public Guid AccountId { get; private set; }

    /// <summary>The day whose closing balance this is.</summary>
    public DateOnly Date { get; private set; }

    /// <summary>The account's balance at the end of <see cref="Date"/>, in the account's currency (a liability's: the amount owed).</summary>
    public decimal Value { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static AccountValuation Record(Account account, DateOnly date, decimal value)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!account.IsManual) throw new DomainRuleException(ManualOnlyRule, ManualOnlyMessage);
        if (date == default) throw new DomainRuleException("valuation.date", "Date is required.");
        var valuation = new AccountValuation(account.UserId, account.Id, date);
        valuation.Revalue(value);
        return valuation;
    }

    /// <summary>The same day recorded again: the new value replaces the old.</summary>
    public void Revalue(decimal value) => Value = Guard.Money(value, "valuation.value", "Value");

    public override string ToString() => $"AccountValuation {Id} ({Date:yyyy-MM-dd})";
}
