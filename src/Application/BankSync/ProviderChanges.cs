namespace FinInfra.Application.BankSync;

/// <summary>
/// Everything a sync pulled, reduced to its net effect: the latest version of each transaction to upsert, and the
/// ids to remove. Pages are folded in order, so a later page wins; a posted transaction that names the pending one
/// it replaces removes that pending row, so exactly one row remains.
/// </summary>
public sealed class ProviderChanges
{
    private readonly Dictionary<string, ProviderTransaction> _upserts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removals = new(StringComparer.Ordinal);

    private ProviderChanges(IReadOnlyList<ProviderAccount> accounts, string? cursor, bool isSnapshot)
    {
        Accounts = accounts;
        Cursor = cursor;
        IsSnapshot = isSnapshot;
    }

    public IReadOnlyList<ProviderAccount> Accounts { get; }

    /// <summary>The cursor to store once the changes are applied.</summary>
    public string? Cursor { get; }

    /// <summary>True when the upserts are the complete list of the item's transactions (see <see cref="ProviderTransactionPage.IsSnapshot"/>).</summary>
    public bool IsSnapshot { get; }

    public IReadOnlyCollection<ProviderTransaction> Upserts => _upserts.Values;

    public IReadOnlyCollection<string> Removals => _removals;

    public static ProviderChanges Fold(IReadOnlyList<ProviderAccount> accounts, IReadOnlyList<ProviderTransactionPage> pages)
    {
        var changes = new ProviderChanges([.. accounts.Select(Clean)], pages.Count > 0 ? pages[^1].NextCursor : null, pages.Any(p => p.IsSnapshot));
        foreach (var page in pages)
        {
            foreach (var transaction in page.Added.Concat(page.Modified)) changes.Upsert(Clean(transaction));
            foreach (var id in page.Removed) changes.Remove(TransactionId(id));
        }
        foreach (var replaced in changes._upserts.Values.Select(t => t.PendingTransactionId).OfType<string>().ToList())
            if (!changes._upserts.ContainsKey(replaced)) changes._removals.Add(replaced);
        return changes;
    }

    /// <summary>
    /// U+0000 is dropped from every text a provider sends: PostgreSQL cannot store it in a text column (the whole sync
    /// would fail on one merchant name), and it means nothing to a reader. Ids are cleaned the same way on every
    /// sync, so they still match what was stored; transaction ids are also trimmed, as the upsert stores them, so a
    /// removal or a pending replacement finds its row.
    /// </summary>
    private static ProviderAccount Clean(ProviderAccount account) => account with
    {
        AccountId = WithoutNul(account.AccountId), Name = WithoutNul(account.Name), Subtype = WithoutNulOrNull(account.Subtype),
    };

    private static ProviderTransaction Clean(ProviderTransaction transaction) => transaction with
    {
        TransactionId = TransactionId(transaction.TransactionId), AccountId = WithoutNul(transaction.AccountId), Name = WithoutNul(transaction.Name),
        MerchantName = WithoutNulOrNull(transaction.MerchantName), Category = WithoutNulOrNull(transaction.Category),
        PendingTransactionId = transaction.PendingTransactionId is { } pending ? TransactionId(pending) : null,
    };

    private static string TransactionId(string id) => WithoutNul(id).Trim();

    private static string WithoutNul(string text) => text.Contains('\0') ? text.Replace("\0", "", StringComparison.Ordinal) : text;

    private static string? WithoutNulOrNull(string? text) => text is null ? null : WithoutNul(text);

    private void Upsert(ProviderTransaction transaction)
    {
        _removals.Remove(transaction.TransactionId);
        _upserts[transaction.TransactionId] = transaction;
    }

    private void Remove(string transactionId)
    {
        _upserts.Remove(transactionId);
        _removals.Add(transactionId);
    }
}
