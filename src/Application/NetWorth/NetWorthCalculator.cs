using Ardalis.Specification;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.ExchangeRates;
using FinInfra.Domain.Accounts;
using FinInfra.Application.NetWorth.GetNetWorthHistory;
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
        // A closed account counts on no day without its own row, so only open ones may carry a balance into the range.
        var rows = await history.ClosingsAsync([.. known.Where(a => a.ClosedAt is null).Select(a => a.Id)], from, to, cancellationToken);
        return NetWorthSeries.Build(known, rows, days);
    }

    /// <summary>Rates for a series: one read for the whole range.</summary>
    public Task<CurrencyConversion> PrepareAsync(CurrencyCode currency, NetWorthSeries series, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        converter.PrepareAsync(currency, series.Currencies, from, to, cancellationToken);

    /// <summary>The one sum: balances into the two sides and their type breakdowns, each converted at the day's rate.</summary>
    public static NetWorthSnapshot Sum(Guid userId, DateOnly date, CurrencyCode currency, IEnumerable<AccountBalance> balances, CurrencyConversion conversion)
    {
        var tally = new NetWorthTally(currency, conversion, keepRates: true);
        tally.Begin(date);
        foreach (var account in balances.OrderBy(a => a.Id)) tally.Add(account.Id, account.Type, account.Balance, account.Currency);
        var rates = tally.RatesUsed.OrderBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.RateDate)
            .Select(r => new SnapshotRate(r.From, r.To, r.RateDate, r.Rate, r.Source, r.Via)).ToList();
        return NetWorthSnapshot.Take(userId, date, currency, tally.Breakdown(assets: true), tally.Breakdown(assets: false), [.. tally.Excluded],
            new SnapshotConversion(rates, tally.ByCurrency()));
    }

    /// <summary>
    /// Every day of <paramref name="series"/> summed as <see cref="Sum"/> sums one (the same tally, without building a
    /// snapshot per day): the points of <c>GET /net-worth/history</c>, and every account left out on any day.
    /// </summary>
    public static (IReadOnlyList<NetWorthPointDto> Points, IReadOnlyList<Guid> Excluded) SumSeries(NetWorthSeries series, CurrencyCode currency, CurrencyConversion conversion)
    {
        ArgumentNullException.ThrowIfNull(series);
        var tally = new NetWorthTally(currency, conversion, keepRates: false);
        var excluded = new SortedSet<Guid>();
        var points = new List<NetWorthPointDto>(series.Days.Count);
        for (var d = 0; d < series.Days.Count; d++)
        {
            tally.Begin(series.Days[d]);
            series.AddDay(d, tally);
            excluded.UnionWith(tally.Excluded);
            var (assets, liabilities) = tally.Totals();
            points.Add(new NetWorthPointDto(series.Days[d], assets, liabilities, assets - liabilities,
                [.. tally.ByCurrency().Select(c => new NetWorthCurrencyDto(c.Currency, c.Assets, c.Liabilities, c.ConvertedNet))]));
        }
        return (points, [.. excluded]);
    }
}

/// <summary>
/// One day's net-worth sum, account by account (the rule, stated once): an asset's balance adds to assets and a
/// liability's to liabilities; a balance strictly on the wrong side of zero moves to the other side under the same type
/// key (a paid-off card stays a zero liability); each is converted at the day's rate, or left out and listed. Reused
/// from day to day by a series, so a day costs a few additions, not a snapshot's dictionaries.
/// </summary>
public sealed class NetWorthTally(CurrencyCode currency, CurrencyConversion conversion, bool keepRates)
{
    private static readonly string[] TypeKeys = [.. Enum.GetValues<AccountType>().Select(t => t.ToString().ToLowerInvariant())];

    private sealed class CurrencyTotals(CurrencyCode code)
    {
        public CurrencyCode Code { get; } = code;
        public bool Present { get; set; }
        public decimal Assets { get; set; }
        public decimal Liabilities { get; set; }
        public decimal? Net { get; set; }
    }

    private readonly List<(string Key, decimal Amount)> _assets = [];
    private readonly List<(string Key, decimal Amount)> _liabilities = [];
    private readonly List<CurrencyTotals> _currencies = [];
    private readonly List<Guid> _excluded = [];
    private readonly HashSet<ExchangeRateUsedDto> _rates = [];
    private DateOnly _date;

    /// <summary>Accounts left out today (no rate), in the order added.</summary>
    public IReadOnlyList<Guid> Excluded => _excluded;

    /// <summary>The rates today's conversions used (kept only when asked for).</summary>
    public IReadOnlyCollection<ExchangeRateUsedDto> RatesUsed => _rates;

    public void Begin(DateOnly date)
    {
        _date = date;
        _assets.Clear();
        _liabilities.Clear();
        _excluded.Clear();
        _rates.Clear();
        foreach (var c in _currencies) c.Present = false;
    }

    public void Add(Guid accountId, AccountType type, decimal balance, CurrencyCode accountCurrency)
    {
        var isAsset = Account.Classify(type) == AccountClassification.Asset;
        var worth = isAsset ? balance : -balance;
        // Only a balance strictly on the wrong side of zero moves: a paid-off card stays a (zero) liability.
        var onAssetSide = worth > 0 || (worth == 0 && isAsset);
        var converted = conversion.TryConvert(worth, accountCurrency, _date, out var inCurrency);
        if (keepRates && converted && conversion.RateFor(accountCurrency, _date) is { } rate) _rates.Add(rate);
        var own = Own(accountCurrency);
        if (onAssetSide) own.Assets += Math.Abs(worth);
        else own.Liabilities += Math.Abs(worth);
        own.Net = converted && own.Net is { } net ? net + inCurrency : null;
        if (!converted)
        {
            _excluded.Add(accountId);
            return;
        }
        var side = onAssetSide ? _assets : _liabilities;
        var key = (uint)type < (uint)TypeKeys.Length ? TypeKeys[(int)type] : type.ToString().ToLowerInvariant();
        var at = side.FindIndex(e => e.Key == key);
        if (at < 0) side.Add((key, Math.Abs(inCurrency)));
        else side[at] = (key, side[at].Amount + Math.Abs(inCurrency));
    }

    private CurrencyTotals Own(CurrencyCode code)
    {
        foreach (var c in _currencies)
        {
            if (c.Code != code) continue;
            if (!c.Present) (c.Present, c.Assets, c.Liabilities, c.Net) = (true, 0m, 0m, 0m);
            return c;
        }
        var added = new CurrencyTotals(code) { Present = true, Net = 0m };
        _currencies.Add(added);
        // Kept in the answer's order: its own currency first, then by code.
        _currencies.Sort((x, y) => x.Code == currency ? (y.Code == currency ? 0 : -1) : y.Code == currency ? 1 : string.CompareOrdinal(x.Code.Value, y.Code.Value));
        return added;
    }

    /// <summary>One side's amounts by account type (keys ordered), in the answer's currency.</summary>
    public SortedDictionary<string, decimal> Breakdown(bool assets) => new((assets ? _assets : _liabilities).ToDictionary(e => e.Key, e => e.Amount), StringComparer.Ordinal);

    /// <summary>The two totals, checked as a snapshot checks them (<see cref="NetWorthSnapshot.Total"/>).</summary>
    public (decimal Assets, decimal Liabilities) Totals()
    {
        decimal assets = 0, liabilities = 0;
        foreach (var e in _assets) assets += e.Amount;
        foreach (var e in _liabilities) liabilities += e.Amount;
        return (NetWorthSnapshot.Total(assets, "Total assets"), NetWorthSnapshot.Total(liabilities, "Total liabilities"));
    }

    /// <summary>Each currency present today, in its own units, the answer's currency first.</summary>
    public IReadOnlyList<SnapshotCurrency> ByCurrency()
    {
        var list = new List<SnapshotCurrency>(_currencies.Count);
        foreach (var c in _currencies)
            if (c.Present) list.Add(new SnapshotCurrency(c.Code.Value, c.Assets, c.Liabilities, c.Net));
        return list;
    }
}

/// <summary>
/// Each asked day's balance of every account, from stored history rows: an account counts on a day with its row of that
/// day, or, when it has none, with its latest earlier row — but only while it is open (a closed account's rows end the
/// day before it closed, and it counts on no later day). An account counts on no day before its first row.
/// Held as one closing per (day, account), accounts ordered by id (the order a day is summed in).
/// </summary>
public sealed class NetWorthSeries
{
    private readonly HistoryAccount[] _accounts;
    private readonly decimal[] _closing;
    private readonly CurrencyCode?[] _currency;
    private readonly Dictionary<DateOnly, int> _dayIndex;

    private NetWorthSeries(IReadOnlyList<DateOnly> days, HistoryAccount[] accounts, decimal[] closing, CurrencyCode?[] currency, IReadOnlyList<CurrencyCode> currencies)
    {
        Days = days;
        _accounts = accounts;
        _closing = closing;
        _currency = currency;
        Currencies = currencies;
        _dayIndex = new Dictionary<DateOnly, int>(days.Count);
        for (var d = 0; d < days.Count; d++) _dayIndex[days[d]] = d;
    }

    /// <summary>The asked days, distinct, oldest first.</summary>
    public IReadOnlyList<DateOnly> Days { get; }

    /// <summary>Every currency any day's balance is in.</summary>
    public IReadOnlyList<CurrencyCode> Currencies { get; }

    public IReadOnlyList<AccountBalance> BalancesOn(DateOnly day)
    {
        if (!_dayIndex.TryGetValue(day, out var d)) return [];
        var list = new List<AccountBalance>();
        for (var a = 0; a < _accounts.Length; a++)
            if (_currency[d * _accounts.Length + a] is { } currency)
                list.Add(new AccountBalance(_accounts[a].Id, _accounts[a].Type, _closing[d * _accounts.Length + a], currency));
        return list;
    }

    /// <summary>Adds day <paramref name="d"/>'s balances (of <see cref="Days"/>) to <paramref name="tally"/>, accounts by id.</summary>
    internal void AddDay(int d, NetWorthTally tally)
    {
        for (var a = 0; a < _accounts.Length; a++)
            if (_currency[d * _accounts.Length + a] is { } currency)
                tally.Add(_accounts[a].Id, _accounts[a].Type, _closing[d * _accounts.Length + a], currency);
    }

    public static NetWorthSeries Build(IReadOnlyList<HistoryAccount> accounts, IReadOnlyList<AccountDayClosing> rows, IReadOnlyList<DateOnly> days)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sortedDays = days.Distinct().Order().ToList();
        var known = accounts.OrderBy(a => a.Id).ToArray();
        var slot = new Dictionary<Guid, int>(known.Length);
        for (var a = 0; a < known.Length; a++) slot[known[a].Id] = a;
        // Each known account's rows, oldest first (a deleted account's rows are not its user's any more).
        var own = new List<AccountDayClosing>?[known.Length];
        foreach (var row in rows)
            if (slot.TryGetValue(row.AccountId, out var a)) (own[a] ??= []).Add(row);
        var closing = new decimal[sortedDays.Count * known.Length];
        var currency = new CurrencyCode?[sortedDays.Count * known.Length];
        var currencies = new HashSet<CurrencyCode>();
        for (var a = 0; a < known.Length; a++)
        {
            if (own[a] is not { } list) continue;
            if (!IsOrdered(list)) list.Sort((x, y) => x.Date.CompareTo(y.Date));
            var closed = known[a].ClosedAt is not null;
            var i = -1;
            for (var d = 0; d < sortedDays.Count; d++)
            {
                var day = sortedDays[d];
                while (i + 1 < list.Count && list[i + 1].Date <= day) i++;
                if (i < 0) continue;
                var row = list[i];
                if (row.Date != day && closed) continue;
                closing[d * known.Length + a] = row.Closing;
                currency[d * known.Length + a] = row.Currency;
                currencies.Add(row.Currency);
            }
        }
        return new NetWorthSeries(sortedDays, known, closing, currency, [.. currencies]);
    }

    private static bool IsOrdered(List<AccountDayClosing> list)
    {
        for (var i = 1; i < list.Count; i++)
            if (list[i].Date < list[i - 1].Date) return false;
        return true;
    }
}
