using Ardalis.Specification;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Transactions;

namespace FinInfra.Application.Transactions.Common;

/// <summary>
/// A user's rows that may still be paired, with one of <paramref name="amounts"/> and dated within [From, To]: standard,
/// unpaired, kind not decided by the user (the rest of <see cref="Transaction.IsTransferCandidate"/> is checked in
/// memory). Soft-deleted accounts' rows are hidden by the query filter. Filters by user explicitly, because the
/// scheduler syncs in a system scope. The amounts are exact (a counterpart mirrors its row's amount), so the engine
/// probes the (user_id, amount, date) index once per amount instead of reading every row of the user in the window.
/// </summary>
public sealed class TransferCandidatesSpec : Specification<Transaction>
{
    public TransferCandidatesSpec(Guid userId, IReadOnlyCollection<decimal> amounts, DateOnly from, DateOnly to) =>
        Query.Where(t => t.UserId == userId && amounts.Contains(t.Amount) && t.Date >= from && t.Date <= to
                         && t.Kind == TransactionKind.Standard && t.CounterpartId == null);

    /// <summary>Amounts sent in one query: a bound on its parameters on every engine (SQL Server allows 2,100).</summary>
    public const int AmountsPerQuery = 500;

    /// <summary>The distinct amounts that mirror <paramref name="amounts"/> (their negations), in chunks of <see cref="AmountsPerQuery"/>.</summary>
    public static IEnumerable<decimal[]> Mirrors(IEnumerable<decimal> amounts) =>
        amounts.Select(a => -a).Distinct().Chunk(AmountsPerQuery);
}

/// <summary>The types of a user's accounts, to tell a card or loan payment from a transfer.</summary>
public sealed class AccountTypesOfUserSpec : Specification<Account>
{
    public AccountTypesOfUserSpec(Guid userId) => Query.Where(a => a.UserId == userId).IgnoreQueryFilters();
}

/// <summary>
/// Finds transfers between a user's own accounts: money out of one account and the same amount, in the same currency,
/// into another of the user's accounts, dated at most <see cref="WindowDays"/> days apart. A pair whose money arrives on
/// a credit or loan account is a <see cref="TransactionKind.Payment"/>, otherwise a <see cref="TransactionKind.Transfer"/>.
/// Each row pairs at most once; among several candidates the closest date wins, then the earliest row. Rows the user
/// gave a kind (including a split pair) are never matched again.
/// </summary>
public sealed class TransferMatcher(IRepository<Transaction> transactions, IReadRepository<Account> accounts)
{
    /// <summary>Bank transfers usually land the same or the next business day; three days covers a weekend.</summary>
    public const int WindowDays = 3;

    /// <summary>Pairs what can be paired among <paramref name="touched"/> (new or changed rows) and the user's other rows. Returns the number of pairs.</summary>
    public async Task<int> MatchAsync(Guid userId, IReadOnlyCollection<Transaction> touched, CancellationToken cancellationToken)
    {
        var fresh = touched.Where(t => t.IsTransferCandidate).ToList();
        if (fresh.Count == 0) return 0;
        var from = Shift(fresh.Min(t => t.Date), -WindowDays);
        var to = Shift(fresh.Max(t => t.Date), WindowDays);
        var stored = new List<Transaction>();
        foreach (var amounts in TransferCandidatesSpec.Mirrors(fresh.Select(t => t.Amount)))
            stored.AddRange(await transactions.ListAsync(new TransferCandidatesSpec(userId, amounts, from, to), cancellationToken));
        var pool = stored.Concat(fresh).DistinctBy(t => t.Id).Where(t => t.IsTransferCandidate).ToList();
        var types = (await accounts.ListAsync(new AccountTypesOfUserSpec(userId), cancellationToken)).ToDictionary(a => a.Id, a => a.Type);

        var pairs = 0;
        foreach (var row in fresh.OrderBy(t => t.Date).ThenBy(t => t.Id))
        {
            if (!row.IsTransferCandidate) continue;
            var counterpart = pool
                .Where(o => o.IsTransferCandidate && o.AccountId != row.AccountId && o.Currency == row.Currency && o.Amount == -row.Amount
                            && Math.Abs(o.Date.DayNumber - row.Date.DayNumber) <= WindowDays)
                .OrderBy(o => Math.Abs(o.Date.DayNumber - row.Date.DayNumber)).ThenBy(o => o.Id)
                .FirstOrDefault();
            if (counterpart is null) continue;
            var (outflow, inflow) = row.Amount < 0 ? (row, counterpart) : (counterpart, row);
            Transaction.Pair(outflow, inflow, KindOf(types.GetValueOrDefault(inflow.AccountId)), byUser: false);
            pairs++;
        }
        return pairs;
    }

    /// <summary>A day moved by <paramref name="days"/>, kept within the calendar (a row dated 9999-12-31 is valid input).</summary>
    private static DateOnly Shift(DateOnly day, int days) =>
        DateOnly.FromDayNumber(Math.Clamp(day.DayNumber + days, DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber));

    /// <summary>Money arriving on a card or a loan pays it down.</summary>
    public static TransactionKind KindOf(AccountType inflowAccount) =>
        Account.Classify(inflowAccount) == AccountClassification.Liability ? TransactionKind.Payment : TransactionKind.Transfer;
}
