using System.Collections.Frozen;

namespace FinInfra.Domain.Transactions;

/// <summary>One category's money in (Σ of positive amounts) and money out (Σ of negative amounts, so ≤ 0).</summary>
public readonly record struct CategoryFlow(decimal MoneyIn, decimal MoneyOut)
{
    public static CategoryFlow operator +(CategoryFlow a, CategoryFlow b) => new(a.MoneyIn + b.MoneyIn, a.MoneyOut + b.MoneyOut);
}

/// <summary>What a category's flow means for the answers: income and spending, both ≥ 0.</summary>
public readonly record struct IncomeAndSpending(decimal Income, decimal Spending);

/// <summary>
/// The one definition of income and spending that budgets, spending analytics and cash flow all use, applied to the
/// standard transactions of one category, one period and one currency:
/// <list type="bullet">
/// <item>money out is spending in its category;</item>
/// <item>money in within an expense category is a refund: it nets against that category's spending, floored at zero
/// (a refund larger than the period's spending is not income);</item>
/// <item>money in that is uncategorised, or in an income category, is income; uncategorised money in and money out
/// never cancel each other.</item>
/// </list>
/// </summary>
public static class MoneyFlow
{
    /// <summary>
    /// The category keys that are income categories: money in there is income, not a refund. A fixed list (Plaid's
    /// INCOME primary category arrives as "Income", Teller's "income" category as "income"); every other category is
    /// an expense category.
    /// </summary>
    public static readonly FrozenSet<string> IncomeCategoryKeys = FrozenSet.ToFrozenSet(
        ["income", "salary", "wages", "payroll", "paycheck", "interest", "dividends", "pension"], StringComparer.Ordinal);

    /// <summary>True for an income category's key (see <see cref="IncomeCategoryKeys"/>).</summary>
    public static bool IsIncomeCategory(string? categoryKey) => categoryKey is not null && IncomeCategoryKeys.Contains(categoryKey);

    /// <summary>Income and spending of one category's flow; <paramref name="categoryKey"/> is the stored key, null when uncategorised.</summary>
    public static IncomeAndSpending Of(string? categoryKey, CategoryFlow flow)
    {
        if (categoryKey is null || IsIncomeCategory(categoryKey)) return new IncomeAndSpending(flow.MoneyIn, -flow.MoneyOut);
        return new IncomeAndSpending(0m, Math.Max(0m, -(flow.MoneyOut + flow.MoneyIn)));
    }
}
