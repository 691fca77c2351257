using System.Text;

namespace FinInfra.Domain.Transactions;

/// <summary>
/// How categories compare, everywhere (the transaction list's filter, budgets, analytics) and on every engine: by a
/// key computed here in C# and stored beside the category, never by SQL <c>lower()</c> (SQLite's folds only ASCII).
/// The key is the NFKC normal form, case-folded (upper-cased, then lower-cased, so "CAFÉ", "café", "Cafe\u0301" and
/// "ΣΟΦΊΑ"/"σοφία"/"σοφίας"-style final sigmas agree), trimmed.
/// </summary>
public static class CategoryKey
{
    /// <summary>The bucket of transactions without a category.</summary>
    public const string Uncategorized = "uncategorized";

    /// <summary>The key stored with a transaction: null when it has no category.</summary>
    public static string? OfStored(string? category) =>
        string.IsNullOrWhiteSpace(category) ? null : category.Trim().Normalize(NormalizationForm.FormKC).ToUpperInvariant().ToLowerInvariant();

    /// <summary>The key an answer reports and matches on: <see cref="Uncategorized"/> for no category.</summary>
    public static string Of(string? category) => OfStored(category) ?? Uncategorized;

    /// <summary>Compares category names by their key: the comparer of a budget's categories.</summary>
    public static readonly IEqualityComparer<string> Comparer = new KeyComparer();

    /// <summary>The stored key a category name asks for: null (no category) for "Uncategorized".</summary>
    public static string? ForMatching(string category) => Of(category) is var key && key == Uncategorized ? null : key;

    private sealed class KeyComparer : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) => x is null || y is null ? x == y : Of(x) == Of(y);

        public int GetHashCode(string obj) => StringComparer.Ordinal.GetHashCode(Of(obj));
    }
}
