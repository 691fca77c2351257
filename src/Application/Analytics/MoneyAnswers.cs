using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Application.ExchangeRates;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;

namespace FinInfra.Application.Analytics;

/// <summary>Transactions an answer left out because they are in another currency with no rate for their day (never converted at rate 1).</summary>
public sealed record ExcludedCurrencyDto(string Currency, int Transactions);

/// <summary>
/// One currency's part of an answer. <c>income</c>/<c>spending</c> are in that currency (its own transactions, netted by
/// category as the answer nets them); <c>convertedIncome</c>/<c>convertedSpending</c> are the same transactions in the
/// answer's currency, for those that had a rate (all of them for the answer's own currency); <c>excludedTransactions</c>
/// had none and are left out of the answer.
/// </summary>
public sealed record CurrencyBreakdownDto(string Currency, decimal Income, decimal Spending, int Transactions,
    decimal ConvertedIncome, decimal ConvertedSpending, int ExcludedTransactions);

/// <summary>One category's income and spending (by <see cref="MoneyFlow"/>), with the transactions behind its spending.</summary>
public sealed record CategoryAnswer(string? CategoryKey, IncomeAndSpending Value, int SpendingCount);

/// <summary>
/// The flows of one answer in one currency, and what was left out. Every money answer (budget progress, spending,
/// cash flow) reads its figures through here and <see cref="MoneyFlow.Of"/>, so they share one definition. Flows in
/// another currency are converted at their day's rate by <see cref="CurrencyConversion"/> (the one conversion
/// service); those without a rate are left out and listed.
/// </summary>
public sealed class CurrencyFlows
{
    private readonly IReadOnlyList<(FlowTotal Original, FlowTotal? Converted)> _all;

    private CurrencyFlows(CurrencyCode currency, IReadOnlyList<(FlowTotal Original, FlowTotal? Converted)> all, IReadOnlyList<ExchangeRateUsedDto> rates)
    {
        Currency = currency;
        _all = all;
        Flows = [.. all.Where(f => f.Converted is not null).Select(f => f.Converted!)];
        Excluded = [.. all.Where(f => f.Converted is null)
            .GroupBy(f => f.Original.Currency, StringComparer.Ordinal)
            .Select(g => new ExcludedCurrencyDto(g.Key, g.Sum(f => f.Original.Count)))
            .OrderBy(e => e.Currency, StringComparer.Ordinal)];
        RatesUsed = rates;
    }

    public CurrencyCode Currency { get; }

    /// <summary>Every flow the answer counts, in <see cref="Currency"/> (converted ones included).</summary>
    public IReadOnlyList<FlowTotal> Flows { get; }

    public IReadOnlyList<ExcludedCurrencyDto> Excluded { get; }

    /// <summary>The rates the converted flows used (pair, rate date, rate, source).</summary>
    public IReadOnlyList<ExchangeRateUsedDto> RatesUsed { get; }

    /// <summary>Only the flows already in <paramref name="currency"/>; every other currency left out and listed.</summary>
    public static CurrencyFlows In(CurrencyCode currency, IEnumerable<FlowTotal> flows) => In(currency, flows, conversion: null);

    /// <summary>The flows in <paramref name="currency"/>, the others converted through <paramref name="conversion"/> where it has a rate.</summary>
    public static CurrencyFlows In(CurrencyCode currency, IEnumerable<FlowTotal> flows, CurrencyConversion? conversion)
    {
        var all = flows.Select(f => (Original: f, Converted: Convert(f, currency, conversion))).ToList();
        return new CurrencyFlows(currency, all, conversion?.RatesUsed ?? []);
    }

    private static FlowTotal? Convert(FlowTotal flow, CurrencyCode currency, CurrencyConversion? conversion)
    {
        if (flow.Currency == currency.Value) return flow;
        if (conversion is null || !CurrencyCode.IsValid(flow.Currency)) return null;
        return conversion.TryConvert(flow.Amount, new CurrencyCode(flow.Currency), flow.Date, out var converted)
            ? flow with { Currency = currency.Value, Amount = converted }
            : null;
    }

    /// <summary>
    /// Each currency's own figures and their converted part, the answer's currency first, then by code. Only the flows
    /// whose category <paramref name="counts"/> (all when null).
    /// </summary>
    public IReadOnlyList<CurrencyBreakdownDto> ByCurrency(Func<string?, bool>? counts = null) =>
        [.. _all.Where(f => counts is null || counts(f.Original.CategoryKey))
            .GroupBy(f => f.Original.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key == Currency.Value ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var own = ByCategory(g.Select(f => f.Original));
                var converted = ByCategory(g.Where(f => f.Converted is not null).Select(f => f.Converted!));
                return new CurrencyBreakdownDto(g.Key, own.Sum(c => c.Value.Income), own.Sum(c => c.Value.Spending), g.Sum(f => f.Original.Count),
                    converted.Sum(c => c.Value.Income), converted.Sum(c => c.Value.Spending), g.Where(f => f.Converted is null).Sum(f => f.Original.Count));
            })];

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

/// <summary>
/// The flows of a money answer over a window, in the answer's currency: the grouped totals (one query), then the rates for
/// the other currencies present (one query), converted by <see cref="CurrencyConverter"/>.
/// </summary>
public sealed class AnswerFlows(ITransactionTotals totals, CurrencyConverter converter)
{
    public async Task<CurrencyFlows> LoadAsync(CurrencyCode currency, TransactionWindow window, CancellationToken cancellationToken)
    {
        var flows = await totals.FlowsAsync(window, cancellationToken);
        var others = flows.Select(f => f.Currency).Where(c => c != currency.Value && CurrencyCode.IsValid(c)).Distinct(StringComparer.Ordinal)
            .Select(c => new CurrencyCode(c)).ToList();
        var conversion = others.Count == 0 ? null : await converter.PrepareAsync(currency, others, window.From, window.To, cancellationToken);
        return CurrencyFlows.In(currency, flows, conversion);
    }
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
