using FinInfra.Application.Accounts;
using FinInfra.Application.Common.Time;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence.History;

/// <summary>
/// Keeps <c>account_balance_days</c> current (ADR 0015). <see cref="AccountChanged"/> only notes the account and the
/// earliest changed day; <see cref="UnitOfWork"/> calls <see cref="ApplyAsync"/> inside the request's transaction just
/// before it commits, which flushes the staged changes, recomputes each noted account once and writes the rows that differ.
/// <list type="bullet">
/// <item>Flows are the account's posted transactions in the account's currency. Pending ones are left out: a bank's
/// current balance does not include them yet, and a pending row enters the history on the day it posts. A transaction
/// in another currency is left out too (never added at rate 1).</item>
/// <item>A linked account (and a manual one without valuations) is anchored on its balance at its last day, and its
/// history is computed backwards: every row depends on that anchor, so the whole account is compared.</item>
/// <item>A manual account with valuations is anchored on them and carried forward: a change on day D after its first
/// valuation leaves every earlier row as it is, so only rows from D on are compared.</item>
/// <item>Rows run from the account's first day (its creation, first transaction or first valuation) to today, or, for a
/// closed account, to the day before it closed (it keeps them: it counts in every day before).</item>
/// </list>
/// Each account is computed in memory from one projected read of its flows (and valuations) and one of its stored days (no
/// tracked entities); only rows whose figures differ are written, in bulk and in the request's transaction
/// (<see cref="BalanceDayWriter"/>: a few range DELETEs, then COPY or multi-row INSERTs), so a change on one day of five
/// years writes the days it moves, and a full computation of 18,260 days is a few dozen statements.
/// </summary>
public sealed class BalanceHistory(AppDbContext db, TimeProvider clock, Engines.DatabaseEngine engine) : IBalanceHistory
{
    private readonly BalanceDayWriter _writer = new(db, engine.BalanceDayInserts);

    /// <summary>How far back the stored history reaches (a century: every real account's life).</summary>
    public const int MaxYearsBack = 100;

    private readonly Dictionary<Guid, DateOnly> _changed = [];

    public void AccountChanged(Guid accountId, DateOnly fromDate)
    {
        if (!_changed.TryGetValue(accountId, out var known) || fromDate < known) _changed[accountId] = fromDate;
    }

    internal bool HasChanges => _changed.Count > 0;

    internal void Discard() => _changed.Clear();

    /// <summary>Flushes what is staged (the computation reads it back), then recomputes every noted account and writes its rows.</summary>
    internal async Task ApplyAsync(CancellationToken cancellationToken)
    {
        while (_changed.Count > 0)
        {
            var batch = _changed.ToList();
            _changed.Clear();
            // Flushed here: the recomputation reads the transactions, balances and valuations this request staged.
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (accountId, from) in batch) await RecomputeAsync(accountId, from, cancellationToken);
        }
    }

    /// <summary>Deletes an account's rows and computes them again from nothing: what the incremental path must always equal.</summary>
    public async Task RebuildAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await db.BalanceDays.Where(r => r.AccountId == accountId).ExecuteDeleteAsync(cancellationToken);
        await RecomputeAsync(accountId, DateOnly.MinValue, cancellationToken);
    }

    private async Task RecomputeAsync(Guid accountId, DateOnly from, CancellationToken cancellationToken)
    {
        // Two requests recomputing one account (overlapping imports) queue up here, so the second reads the rows the first
        // committed and updates them instead of inserting the same (account_id, date) keys again.
        if (db.Database.CurrentTransaction is not null && engine.LockRowSql("accounts", accountId) is { } lockRow)
            await db.Database.ExecuteSqlAsync(lockRow, cancellationToken);
        // A deleted account keeps its rows (the reads leave it out), so restoring it brings its history back unchanged.
        var account = await db.Accounts.IgnoreQueryFilters([QueryFilters.SoftDelete]).AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null) return;
        var currency = account.Currency;
        var flows = (await db.Transactions.IgnoreQueryFilters([QueryFilters.SoftDelete]).AsNoTracking()
                .Where(t => t.AccountId == accountId && !t.Pending && t.Currency == currency)
                .Select(t => new { t.Date, t.Amount }).ToListAsync(cancellationToken))
            .Select(t => (t.Date, t.Amount)).ToList();
        var valuations = account.IsManual
            ? await db.AccountValuations.AsNoTracking().Where(v => v.AccountId == accountId).OrderBy(v => v.Date)
                .Select(v => new BalanceAnchor(v.Date, v.Value)).ToListAsync(cancellationToken)
            : [];

        var today = clock.Today();
        var start = DateOnly.FromDateTime(account.CreatedAt.UtcDateTime);
        var end = account.ClosedAt is { } closedAt ? DateOnly.FromDateTime(closedAt.UtcDateTime).AddDays(-1) : today;
        foreach (var date in flows.Select(f => f.Date).Concat(valuations.Select(v => v.Date)))
        {
            if (date < start) start = date;
            if (date > end) end = date;
        }
        // The stored span is bounded: a date a client may send (0001-01-01, 9999-12-31) must not make one request compute
        // and write millions of rows. Days outside [today − MaxYearsBack, today + 1 year] are not kept.
        var (earliest, latest) = (today.AddYears(-MaxYearsBack), today.AddYears(1));
        if (start < earliest) start = earliest;
        if (end > latest) end = latest;
        if (end < start) end = start;
        flows = flows.Where(f => f.Date >= start && f.Date <= end).ToList();
        valuations = valuations.Where(v => v.Date >= start && v.Date <= end).ToList();
        IReadOnlyCollection<BalanceAnchor> anchors = valuations.Count > 0 ? valuations : [new BalanceAnchor(end, account.Balance)];
        var computed = DailyBalances.Compute(start, end, account.Classification, flows, anchors);

        var compareFrom = valuations.Count > 0 && valuations[0].Date < from ? from : DateOnly.MinValue;
        var stored = await db.BalanceDays.AsNoTracking().Where(r => r.AccountId == accountId && r.Date >= compareFrom).OrderBy(r => r.Date)
            .Select(r => new StoredDay(r.Date, r.Currency, r.Opening, r.Inflow, r.Outflow, r.Closing)).ToListAsync(cancellationToken);
        var (written, deleted) = Diff(accountId, account.UserId, currency, compareFrom, computed, stored);
        await _writer.DeleteAsync(accountId, deleted, cancellationToken);
        await _writer.InsertAsync(written, cancellationToken);
    }

    private sealed record StoredDay(DateOnly Date, CurrencyCode Currency, decimal Opening, decimal Inflow, decimal Outflow, decimal Closing);

    /// <summary>
    /// The rows to write (changed or new days) and the date ranges to delete first (changed days, and days no longer in
    /// the account's span: a transaction moved later, the account closed). A range runs over consecutive stored days to
    /// rewrite; an unchanged stored day ends it, so a change on one day of five years deletes and writes the days it moves.
    /// </summary>
    private static (List<AccountBalanceDay> Written, List<(DateOnly From, DateOnly To)> Deleted) Diff(Guid accountId, Guid userId, CurrencyCode currency,
        DateOnly compareFrom, IReadOnlyList<BalanceDay> computed, List<StoredDay> stored)
    {
        var written = new List<AccountBalanceDay>();
        var deleted = new List<(DateOnly From, DateOnly To)>();
        (DateOnly From, DateOnly To)? run = null;
        void Rewrite(DateOnly date) => run = run is { } r ? (r.From, date) : (date, date);
        void Keep()
        {
            if (run is { } r) deleted.Add(r);
            run = null;
        }
        var s = 0;
        foreach (var day in computed)
        {
            if (day.Date < compareFrom) continue;
            // Stored days before this one that it no longer covers.
            for (; s < stored.Count && stored[s].Date < day.Date; s++) Rewrite(stored[s].Date);
            if (s < stored.Count && stored[s].Date == day.Date)
            {
                var row = stored[s++];
                if (row.Opening == day.Opening && row.Inflow == day.Inflow && row.Outflow == day.Outflow && row.Closing == day.Closing && row.Currency == currency)
                {
                    Keep();
                    continue;
                }
                Rewrite(day.Date);
            }
            written.Add(new AccountBalanceDay
            {
                AccountId = accountId, UserId = userId, Date = day.Date, Currency = currency,
                Opening = day.Opening, Inflow = day.Inflow, Outflow = day.Outflow, Closing = day.Closing,
            });
        }
        for (; s < stored.Count; s++) Rewrite(stored[s].Date);
        Keep();
        return (written, deleted);
    }
}
