namespace FinInfra.Domain.Accounts;

/// <summary>One day of one account's balance history, in the account's currency.</summary>
/// <param name="Inflow">Money in that day (the sum of the positive amounts), ≥ 0.</param>
/// <param name="Outflow">Money out that day (the sum of the negative amounts, as a positive number), ≥ 0.</param>
public sealed record BalanceDay(DateOnly Date, decimal Opening, decimal Inflow, decimal Outflow, decimal Closing);

/// <summary>A known closing balance: a manual account's valuation, or a linked account's reported balance on its last day.</summary>
public readonly record struct BalanceAnchor(DateOnly Date, decimal Closing);

/// <summary>
/// The rule that turns an account's transactions and anchors into its daily balances, stated once.
/// <list type="bullet">
/// <item>A day's closing is its opening moved by the day's flows: for an asset <c>opening + inflow − outflow</c>; for a
/// liability (whose balance is the amount owed) <c>opening − inflow + outflow</c> — money leaving a card adds to what is owed.
/// A day's opening is the previous day's closing.</item>
/// <item>On an anchor's day the closing is the anchor (a valuation is the closing of its day, that day's transactions
/// included); the difference from opening ± flows is the revaluation. Later days are carried forward from it.</item>
/// <item>Days before the first anchor are computed backwards from it: <c>closing(d) = closing(d+1) ∓ flows(d+1)</c>.</item>
/// </list>
/// Flows are the posted transactions in the account's currency (the caller filters, see docs/api.md).
/// </summary>
public static class DailyBalances
{
    public static IReadOnlyList<BalanceDay> Compute(DateOnly start, DateOnly end, AccountClassification classification,
        IReadOnlyCollection<(DateOnly Date, decimal Amount)> flows, IReadOnlyCollection<BalanceAnchor> anchors)
    {
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentNullException.ThrowIfNull(anchors);
        if (end < start || anchors.Count == 0) return [];
        var days = end.DayNumber - start.DayNumber + 1;
        var inflow = new decimal[days];
        var outflow = new decimal[days];
        foreach (var (date, amount) in flows)
        {
            var i = date.DayNumber - start.DayNumber;
            if (i < 0 || i >= days) continue;
            if (amount >= 0) inflow[i] += amount; else outflow[i] -= amount;
        }
        var sign = classification == AccountClassification.Asset ? 1m : -1m;
        decimal Move(int i) => sign * (inflow[i] - outflow[i]);

        var anchorAt = new Dictionary<int, decimal>();
        foreach (var anchor in anchors)
            anchorAt[Math.Clamp(anchor.Date.DayNumber - start.DayNumber, 0, days - 1)] = anchor.Closing;
        var first = anchorAt.Keys.Min();

        var closing = new decimal[days];
        closing[first] = anchorAt[first];
        for (var i = first - 1; i >= 0; i--) closing[i] = closing[i + 1] - Move(i + 1);
        for (var i = first + 1; i < days; i++) closing[i] = anchorAt.TryGetValue(i, out var value) ? value : closing[i - 1] + Move(i);

        var result = new BalanceDay[days];
        for (var i = 0; i < days; i++)
        {
            var opening = i == 0 ? closing[0] - Move(0) : closing[i - 1];
            result[i] = new BalanceDay(start.AddDays(i), opening, inflow[i], outflow[i], closing[i]);
        }
        return result;
    }
}
