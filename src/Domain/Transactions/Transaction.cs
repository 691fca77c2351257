using FinInfra.Domain.Common;

namespace FinInfra.Domain.Transactions;

/// <summary>
/// One movement of money. Negative when money leaves the account (spending), positive when it arrives
/// (income, refunds). Unique by (account, provider transaction id), which makes imports idempotent.
/// </summary>
public sealed class Transaction : Entity, IAuditable, IOwnedByUser
{
    private Transaction() { TransactionId = null!; Name = null!; }

    private Transaction(Guid userId, Guid accountId, string transactionId)
    {
        UserId = Guard.Owner(userId);
        if (accountId == Guid.Empty) throw new DomainRuleException("transaction.account", "A transaction belongs to an account.");
        AccountId = accountId;
        TransactionId = Guard.Text(transactionId, "transaction.transaction_id", "Transaction id", 100);
        Name = null!;
    }

    public Guid UserId { get; private set; }
    public Guid AccountId { get; private set; }
    public string TransactionId { get; private set; }
    public decimal Amount { get; private set; }
    public DateOnly Date { get; private set; }
    public string Name { get; private set; }
    public string? MerchantName { get; private set; }
    public string? Category { get; private set; }
    public bool Pending { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static Transaction Record(Guid userId, Guid accountId, string transactionId, decimal amount, DateOnly date, string name, string? merchantName, string? category, bool pending)
    {
        var transaction = new Transaction(userId, accountId, transactionId);
        transaction.Apply(amount, date, name, merchantName, category, pending);
        return transaction;
    }

    /// <summary>Applies the source's current view of this transaction. Returns true when anything changed.</summary>
    public bool Apply(decimal amount, DateOnly date, string name, string? merchantName, string? category, bool pending)
    {
        if (date == default) throw new DomainRuleException("transaction.date", "Date is required.");
        var newAmount = Guard.Money(amount, "transaction.amount", "Amount");
        var newName = Guard.Text(name, "transaction.name", "Name");
        var newMerchant = Guard.OptionalText(merchantName, "transaction.merchant", "Merchant name");
        var newCategory = Guard.OptionalText(category, "transaction.category", "Category");
        var changed = newAmount != Amount || date != Date || newName != Name || newMerchant != MerchantName || newCategory != Category || pending != Pending;
        (Amount, Date, Name, MerchantName, Category, Pending) = (newAmount, date, newName, newMerchant, newCategory, pending);
        return changed;
    }

    /// <summary>The user's own corrections: only descriptive fields, never the amount or date the bank reported.</summary>
    public void Edit(string? name, string? merchantName, string? category)
    {
        if (name is not null) Name = Guard.Text(name, "transaction.name", "Name");
        if (merchantName is not null) MerchantName = Guard.OptionalText(merchantName, "transaction.merchant", "Merchant name");
        if (category is not null) Category = Guard.OptionalText(category, "transaction.category", "Category");
    }

    public override string ToString() => $"Transaction {Id}";
}
