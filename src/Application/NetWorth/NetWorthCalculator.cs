using Ardalis.Specification;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.ExchangeRates;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Common;
using FinInfra.Domain.NetWorth;

namespace FinInfra.Application.NetWorth;

/// <summary>What net worth needs of an account: no names, no transactions.</summary>
public sealed record AccountBalance(Guid Id, AccountType Type, decimal Balance, CurrencyCode Currency);

/// <summary>
/// The current user's open accounts, as balances: soft-deleted ones are hidden by the query filter, and closed ones
/// (no longer reported by their bank) are not part of today's net worth.
/// </summary>
public sealed class AccountBalancesSpec : Specification<Account, AccountBalance>
{
    public AccountBalancesSpec() => Query.Where(a => a.ClosedAt == null).Select(a => new AccountBalance(a.Id, a.Type, a.Balance, a.Currency));
}

/// <summary>What a day of history needs of an account: closed ones included (they count in every day before they closed).</summary>
public sealed record HistoryAccount(Guid Id, AccountType Type, CurrencyCode Currency, DateTimeOffset? ClosedAt);

/// <summary>The current user's accounts that are not deleted, closed ones included.</summary>
public sealed class HistoryAccountsSpec : Specification<Account, HistoryAccount>
{
    public HistoryAccountsSpec() => Query.Select(a => new HistoryAccount(a.Id, a.Type, a.Currency, a.ClosedAt));
}

/// <summary>
/// Computes net worth from account balances: the live ones (today), or a past day's from the stored balance history.
/// An asset's balance adds to assets and a liability's (the amount owed) to liabilities; a balance on the wrong side of
/// zero (an overdrawn checking account, a credit card in credit) moves to the other side under the same type key, so
/// every breakdown amount stays non-negative and the net figure equals Σ assets − Σ liabilities of the signed balances.
/// An account in another currency is converted at the rate of <c>date</c> (or the closest earlier day within the window)
/// by <see cref="CurrencyConverter"/>; one with no rate is left out and listed, never converted at rate 1.
/// </summary>
public sealed class NetWorthCalculator(IReadRepository<Account> accounts, IBalanceHistoryReader history, ICurrentUser currentUser, CurrencyConverter converter)
{
    public async Task<NetWorthSnapshot> ComputeAsync(DateOnly date, CurrencyCode currency, CancellationToken cancellationToken)
    {
        var balances = await accounts.ListAsync(new AccountBalancesSpec(), cancellationToken);
        var conversion = await converter.PrepareAsync(currency, balances.Select(b => b.Currency), date, date, cancellationToken);
        return Sum(currentUser.RequiredUserId, date, currency, balances, conversion);
    }

    /// <summary>Net worth at the end of <paramref name="date"/>, from the stored balance history (<see cref="NetWorthSeries"/>).</summary>
    public Task<NetWorthSnapshot> ComputeOnAsync(DateOnly date, CurrencyCode currency, CancellationToken cancellationToken) =>
        ComputeOnAsync(currentUser.RequiredUserId, date, currency, cancellationToken);

    /// <summary>
    /// The same for <paramref name="userId"/>, for work with no signed-in user (the daily snapshot job), which runs in a
    /// data scope acting as that user.
    /// </summary>
    public async Task<NetWorthSnapshot> ComputeOnAsync(Guid userId, DateOnly date, CurrencyCode currency, CancellationToken cancellationToken)
    {
        var series = await SeriesAsync(date, date, [date], cancellationToken);
        var balances = series.BalancesOn(date);
        var conversion = await converter.PrepareAsync(currency, balances.Select(b => b.Currency), date, date, cancellationToken);
        return Sum(userId, date, currency, balances, conversion);
    }

    /// <summary>The accounts' balances at the end of each of <paramref name="days"/> (all within [from, to]), from stored rows only.</summary>
    public async Task<NetWorthSeries> SeriesAsync(DateOnly from, DateOnly to, IReadOnlyList<DateOnly> days, CancellationToken cancellationToken)
    {
        var known = await accounts.ListAsync(new HistoryAccountsSpec(), cancellationToken);
        var rows = await history.ClosingsAsync(from, to, cancellationToken);
        return NetWorthSeries.Build(known, rows, days);
    }

    /// <summary>Rates for a series: one read for the whole range.</summary>
    public Task<CurrencyConversion> PrepareAsync(CurrencyCode currency, NetWorthSeries series, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        converter.PrepareAsync(currency, series.Currencies, from, to, cancellationToken);

    /// <summary>The one sum: balances into the two sides and their type breakdowns, each converted at the day's rate.</summary>
    public static NetWorthSnapshot Sum(Guid userId, DateOnly date, CurrencyCode currency, IEnumerable<AccountBalance> balances, CurrencyConversion conversion)
    {
        var assets = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        var liabilities = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        var own = new SortedDictionary<string, (decimal Assets, decimal Liabilities, decimal? Net)>(StringComparer.Ordinal);
        var excluded = new List<Guid>();
        var used = new HashSet<ExchangeRateUsedDto>();
        foreach (var account in balances.OrderBy(a => a.Id))
        {
            var isAsset = Account.Classify(account.Type) == AccountClassification.Asset;
            var worth = isAsset ? account.Balance : -account.Balance;
            // Only a balance strictly on the wrong side of zero moves: a paid-off card stays a (zero) liability.
            var onAssetSide = worth > 0 || (worth == 0 && isAsset);
            var converted = conversion.TryConvert(worth, account.Currency, date, out var inCurrency);
            if (converted && conversion.RateFor(account.Currency, date) is { } rate) used.Add(rate);
            var mine = own.GetValueOrDefault(account.Currency.Value, (0m, 0m, 0m));
            own[account.Currency.Value] = (mine.Assets + (onAssetSide ? Math.Abs(worth) : 0), mine.Liabilities + (onAssetSide ? 0 : Math.Abs(worth)),
                converted && mine.Net is { } net ? net + inCurrency : null);
            if (!converted)
            {
                excluded.Add(account.Id);
                continue;
            }
            var side = onAssetSide ? assets : liabilities;
            var key = account.Type.ToString().ToLowerInvariant();
            side[key] = side.GetValueOrDefault(key) + Math.Abs(inCurrency);
        }
        var byCurrency = own.OrderBy(c => c.Key == currency.Value ? 0 : 1).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new SnapshotCurrency(c.Key, c.Value.Assets, c.Value.Liabilities, c.Value.Net)).ToList();
        // The rates of this day only (a series' conversion holds the whole range's).
        var rates = used.OrderBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.RateDate)
            .Select(r => new SnapshotRate(r.From, r.To, r.RateDate, r.Rate, r.Source, r.Via)).ToList();
        return NetWorthSnapshot.Take(userId, date, currency, assets, liabilities, excluded, new SnapshotConversion(rates, byCurrency));
    }
}

/// <summary>
/// Each asked day's balance of every account, from stored history rows: an account counts on a day with its row of that
/// day, or, when it has none, with its latest earlier row — but only while it is open (a closed account's rows end the
/// day before it closed, and it counts on no later day). An account counts on no day before its first row.
/// </summary>
public sealed class NetWorthSeries
{
    private readonly Dictionary<DateOnly, List<AccountBalance>> _byDay;

    private NetWorthSeries(Dictionary<DateOnly, List<AccountBalance>> byDay) => _byDay = byDay;

    public IReadOnlyList<AccountBalance> BalancesOn(DateOnly day) => _byDay.TryGetValue(day, out var list) ? list : [];

    /// <summary>Every currency any day's balance is in.</summary>
    public IReadOnlyList<CurrencyCode> Currencies => [.. _byDay.Values.SelectMany(l => l).Select(b => b.Currency).Distinct()];

    public static NetWorthSeries Build(IReadOnlyList<HistoryAccount> accounts, IReadOnlyList<AccountDayBalance> rows, IReadOnlyList<DateOnly> days)
    {
        var byDay = days.Distinct().ToDictionary(d => d, _ => new List<AccountBalance>());
        var rowsByAccount = rows.GroupBy(r => r.AccountId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Date).ToList());
        foreach (var account in accounts)
        {
            if (!rowsByAccount.TryGetValue(account.Id, out var own)) continue;
            var i = -1;
            foreach (var day in byDay.Keys.Order())
            {
                while (i + 1 < own.Count && own[i + 1].Date <= day) i++;
                if (i < 0) continue;
                var row = own[i];
                if (row.Date != day && account.ClosedAt is not null) continue;
                byDay[day].Add(new AccountBalance(account.Id, account.Type, row.Closing, row.Currency));
            }
        }
        return new NetWorthSeries(byDay);
    }
}
