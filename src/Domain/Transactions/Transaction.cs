using FinInfra.Domain.Common;

namespace FinInfra.Domain.Transactions;

/// <summary>
/// What a transaction is for the money answers. Only <see cref="Standard"/> rows count as spending or income; every
/// kind moves its account's balance.
/// </summary>
public enum TransactionKind
{
    Standard,

    /// <summary>Money moved between two of the user's own accounts.</summary>
    Transfer,

    /// <summary>A card or loan payment from one of the user's own accounts.</summary>
    Payment,

    /// <summary>The user's "don't count this".</summary>
    Excluded,
}

/// <summary>Where a row came from: a bank provider's sync, or the user's own import. A sync only ever removes its own rows.</summary>
public enum TransactionSource { Provider, Import }

/// <summary>The fields a user can edit. An edited field is locked: the source's later values are kept beside it, not over it.</summary>
[Flags]
public enum EditableField
{
    None = 0,
    Name = 1,
    MerchantName = 2,
    Category = 4,
    Kind = 8,
}

/// <summary>
/// One movement of money. Negative when money leaves the account (spending), positive when it arrives
/// (income, refunds). Unique by (account, provider transaction id), which makes imports idempotent.
/// The descriptive fields (<see cref="Name"/>, <see cref="MerchantName"/>, <see cref="Category"/>, <see cref="Kind"/>)
/// are what the answers use: the source's values unless the user edited the field, in which case the user's value
/// stays and the source's latest is kept in the <c>Source…</c> properties.
/// </summary>
public sealed class Transaction : Entity, IAuditable, IOwnedByUser
{
    public const int NoteMaxLength = 1000;

    private Transaction() { TransactionId = null!; Name = null!; SourceName = null!; }

    private Transaction(Guid userId, Guid accountId, string transactionId, TransactionSource source)
    {
        UserId = Guard.Owner(userId);
        if (accountId == Guid.Empty) throw new DomainRuleException("transaction.account", "A transaction belongs to an account.");
        AccountId = accountId;
        TransactionId = Guard.Text(transactionId, "transaction.transaction_id", "Transaction id", 100);
        Source = source;
        Name = null!;
        SourceName = null!;
    }

    public Guid UserId { get; private set; }
    public Guid AccountId { get; private set; }
    public string TransactionId { get; private set; }
    public decimal Amount { get; private set; }
    public CurrencyCode Currency { get; private set; } = CurrencyCode.Usd;
    public DateOnly Date { get; private set; }
    public string Name { get; private set; }
    public string? MerchantName { get; private set; }
    public string? Category { get; private set; }

    /// <summary>The category's matching key (<see cref="Transactions.CategoryKey.Of"/>), null when uncategorised.</summary>
    public string? CategoryKey { get; private set; }

    public TransactionKind Kind { get; private set; }
    public string? Note { get; private set; }
    public bool Pending { get; private set; }
    public TransactionSource Source { get; private set; }

    public string SourceName { get; private set; }
    public string? SourceMerchantName { get; private set; }
    public string? SourceCategory { get; private set; }
    public TransactionKind SourceKind { get; private set; }

    /// <summary>The fields the user edited; the source no longer changes them.</summary>
    public EditableField EditedFields { get; private set; }

    /// <summary>The other half of a transfer or payment pair, when this row was matched with one.</summary>
    public Guid? CounterpartId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public bool Counts => Kind == TransactionKind.Standard;

    /// <summary>A new row as its source reports it; <paramref name="currency"/> defaults to USD, the column's default.</summary>
    public static Transaction Record(Guid userId, Guid accountId, string transactionId, decimal amount, DateOnly date, string name,
        string? merchantName, string? category, bool pending, CurrencyCode? currency = null, TransactionKind kind = TransactionKind.Standard,
        TransactionSource source = TransactionSource.Import)
    {
        var transaction = new Transaction(userId, accountId, transactionId, source);
        transaction.Apply(amount, date, name, merchantName, category, pending, currency ?? CurrencyCode.Usd, kind);
        return transaction;
    }

    /// <summary>
    /// Applies the source's current view of this transaction. Fields the user edited keep the user's value; the
    /// source's is stored beside it. Returns true when anything changed.
    /// </summary>
    public bool Apply(decimal amount, DateOnly date, string name, string? merchantName, string? category, bool pending,
        CurrencyCode currency, TransactionKind kind = TransactionKind.Standard)
    {
        if (date == default) throw new DomainRuleException("transaction.date", "Date is required.");
        if (!Enum.IsDefined(kind)) throw new DomainRuleException("transaction.kind", "Unknown transaction kind.");
        var before = State();
        var (newAmount, newName) = (Guard.Money(amount, "transaction.amount", "Amount"), Guard.Text(name, "transaction.name", "Name"));
        var newMerchant = Guard.OptionalText(merchantName, "transaction.merchant", "Merchant name");
        var newCategory = Guard.OptionalText(category, "transaction.category", "Category");
        (Amount, Currency, Date, Pending) = (newAmount, currency, date, pending);
        (SourceName, SourceMerchantName, SourceCategory, SourceKind) = (newName, newMerchant, newCategory, kind);
        if (!IsEdited(EditableField.Name)) Name = SourceName;
        if (!IsEdited(EditableField.MerchantName)) MerchantName = SourceMerchantName;
        if (!IsEdited(EditableField.Category)) SetCategory(SourceCategory);
        // A matched pair keeps its kind until the user says otherwise; a provider's own label wins over "standard".
        if (!IsEdited(EditableField.Kind) && (CounterpartId is null || SourceKind != TransactionKind.Standard)) Kind = SourceKind;
        return !before.Equals(State());
    }

    /// <summary>The user's corrections: each field given is set and locked against later syncs. Never the amount or date.</summary>
    public void Edit(string? name, string? merchantName, string? category, TransactionKind? kind = null, string? note = null)
    {
        if (name is not null) { Name = Guard.Text(name, "transaction.name", "Name"); EditedFields |= EditableField.Name; }
        if (merchantName is not null) { MerchantName = Guard.OptionalText(merchantName, "transaction.merchant", "Merchant name"); EditedFields |= EditableField.MerchantName; }
        if (category is not null) { SetCategory(Guard.OptionalText(category, "transaction.category", "Category")); EditedFields |= EditableField.Category; }
        if (kind is { } k) SetKindByUser(k);
        if (note is not null) Note = Guard.OptionalText(note, "transaction.note", "Note", NoteMaxLength);
    }

    /// <summary>Gives fields back to the source: each takes the source's latest value and follows later syncs again.</summary>
    public void ResetToSource(EditableField fields)
    {
        EditedFields &= ~fields;
        if (fields.HasFlag(EditableField.Name)) Name = SourceName;
        if (fields.HasFlag(EditableField.MerchantName)) MerchantName = SourceMerchantName;
        if (fields.HasFlag(EditableField.Category)) SetCategory(SourceCategory);
        if (fields.HasFlag(EditableField.Kind))
        {
            CounterpartId = null;
            Kind = SourceKind;
        }
    }

    /// <summary>
    /// Carries the user's edits and note from the pending row this posted row replaces (a provider may post a pending
    /// transaction under a new id). Fields this row's own user already edited are kept.
    /// </summary>
    public void InheritEdits(Transaction pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var inherited = pending.EditedFields & ~EditedFields;
        if (inherited.HasFlag(EditableField.Name)) Name = pending.Name;
        if (inherited.HasFlag(EditableField.MerchantName)) MerchantName = pending.MerchantName;
        if (inherited.HasFlag(EditableField.Category)) SetCategory(pending.Category);
        if (inherited.HasFlag(EditableField.Kind)) Kind = pending.Kind;
        EditedFields |= inherited;
        Note ??= pending.Note;
    }

    /// <summary>True when a matcher may still pair this row: it counts, the user has not decided its kind, it is unpaired.</summary>
    public bool IsTransferCandidate => Kind == TransactionKind.Standard && SourceKind == TransactionKind.Standard
                                       && !IsEdited(EditableField.Kind) && CounterpartId is null && Amount != 0;

    /// <summary>Pairs two rows as one movement between the user's own accounts (found by the matcher, or confirmed by the user).</summary>
    public static void Pair(Transaction outflow, Transaction inflow, TransactionKind kind, bool byUser)
    {
        ArgumentNullException.ThrowIfNull(outflow);
        ArgumentNullException.ThrowIfNull(inflow);
        if (kind is not (TransactionKind.Transfer or TransactionKind.Payment))
            throw new DomainRuleException("transaction.pair_kind", "A pair is a transfer or a payment.");
        if (outflow.UserId != inflow.UserId || outflow.Id == inflow.Id || outflow.AccountId == inflow.AccountId)
            throw new DomainRuleException("transaction.pair_accounts", "A pair is two transactions on two different accounts of the same user.");
        if (outflow.Currency != inflow.Currency || outflow.Amount != -inflow.Amount || outflow.Amount >= 0)
            throw new DomainRuleException("transaction.pair_amounts", "A pair is money out and the same amount in, in one currency.");
        foreach (var (row, other) in new[] { (outflow, inflow), (inflow, outflow) })
        {
            row.CounterpartId = other.Id;
            row.Kind = kind;
            if (byUser) row.EditedFields |= EditableField.Kind;
        }
    }

    /// <summary>
    /// The user's "these two are not one movement": both rows count again as standard, and their kind is locked, so no
    /// matcher ever pairs them again.
    /// </summary>
    public static void Split(Transaction row, Transaction? counterpart)
    {
        ArgumentNullException.ThrowIfNull(row);
        foreach (var side in counterpart is null ? [row] : new[] { row, counterpart })
        {
            side.CounterpartId = null;
            side.Kind = TransactionKind.Standard;
            side.EditedFields |= EditableField.Kind;
        }
    }

    /// <summary>The other half of this row's pair is gone (removed by its bank): the row counts again, unless the user chose its kind.</summary>
    public void Unpair()
    {
        CounterpartId = null;
        if (!IsEdited(EditableField.Kind)) Kind = SourceKind;
    }

    public bool IsEdited(EditableField field) => (EditedFields & field) == field;

    private void SetKindByUser(TransactionKind kind)
    {
        if (!Enum.IsDefined(kind)) throw new DomainRuleException("transaction.kind", "Unknown transaction kind.");
        if (CounterpartId is not null && kind is TransactionKind.Standard or TransactionKind.Excluded)
            throw new DomainRuleException("transaction.paired", "This transaction is one half of a pair; split the pair to change its kind.");
        Kind = kind;
        EditedFields |= EditableField.Kind;
    }

    private void SetCategory(string? category)
    {
        Category = category;
        CategoryKey = Transactions.CategoryKey.OfStored(category);
    }

    private object State() => (Amount, Currency, Date, Pending, Name, MerchantName, Category, Kind, SourceName, SourceMerchantName, SourceCategory, SourceKind);

    public override string ToString() => $"Transaction {Id}";
}
