using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;

namespace FinInfra.Application.Analytics;

/// <summary>Transactions an answer left out because they are in another currency (never converted at rate 1).</summary>
public sealed record ExcludedCurrencyDto(string Currency, int Transactions);

/// <summary>One category's income and spending (by <see cref="MoneyFlow"/>), with the transactions behind its spending.</summary>
public sealed record CategoryAnswer(string? CategoryKey, IncomeAndSpending Value, int SpendingCount);

/// <summary>
/// The flows of one answer in one currency, and what was left out. Every money answer (budget progress, spending,
/// cash flow) reads its figures through here and <see cref="MoneyFlow.Of"/>, so they share one definition.
/// </summary>
public sealed class CurrencyFlows
{
    private CurrencyFlows(CurrencyCode currency, IReadOnlyList<FlowTotal> flows, IReadOnlyList<ExcludedCurrencyDto> excluded)
    {
        Currency = currency;
        Flows = flows;
        Excluded = excluded;
    }

    public CurrencyCode Currency { get; }
    public IReadOnlyList<FlowTotal> Flows { get; }
    public IReadOnlyList<ExcludedCurrencyDto> Excluded { get; }

    public static CurrencyFlows In(CurrencyCode currency, IEnumerable<FlowTotal> flows)
    {
        var all = flows.ToList();
        var excluded = all.Where(f => f.Currency != currency.Value)
            .GroupBy(f => f.Currency, StringComparer.Ordinal)
            .Select(g => new ExcludedCurrencyDto(g.Key, g.Sum(f => f.Count)))
            .OrderBy(e => e.Currency, StringComparer.Ordinal).ToList();
        return new CurrencyFlows(currency, [.. all.Where(f => f.Currency == currency.Value)], excluded);
    }

    /// <summary>Per category over all the flows' months (a refund nets against the category's spending anywhere in the range).</summary>
    public IReadOnlyList<CategoryAnswer> ByCategory() => ByCategory(Flows);

    /// <summary>Per month (yyyy-MM) and category: netting happens within each month.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<CategoryAnswer>> ByMonth() =>
        Flows.GroupBy(f => MonthKey(f.Year, f.Month), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ByCategory(g), StringComparer.Ordinal);

    public static string MonthKey(int year, int month) => $"{year:D4}-{month:D2}";

    private static IReadOnlyList<CategoryAnswer> ByCategory(IEnumerable<FlowTotal> flows) =>
        [.. flows.GroupBy(f => f.CategoryKey).Select(g =>
        {
            var flow = new CategoryFlow(g.Where(f => f.MoneyIn).Sum(f => f.Amount), g.Where(f => !f.MoneyIn).Sum(f => f.Amount));
            var value = MoneyFlow.Of(g.Key, flow);
            // A refund counts towards an expense category's figure; in an income category or uncategorised it is income.
            var refundsNet = g.Key is not null && !MoneyFlow.IsIncomeCategory(g.Key);
            var count = g.Where(f => !f.MoneyIn || refundsNet).Sum(f => f.Count);
            return new CategoryAnswer(g.Key, value, value.Spending > 0 ? count : 0);
        })];
}

/// <summary>The currency an answer is in: the one asked for, else the user's base currency.</summary>
public sealed class AnswerCurrency(IReadRepository<User> users, ICurrentUser currentUser)
{
    public async Task<CurrencyCode> ResolveAsync(string? requested, CancellationToken cancellationToken)
    {
        if (requested is not null) return new CurrencyCode(requested);
        var user = await users.GetByIdAsync(currentUser.RequiredUserId, cancellationToken)
                   ?? throw new UnauthorizedException("The account behind this token no longer exists.");
        return user.BaseCurrency;
    }
}
