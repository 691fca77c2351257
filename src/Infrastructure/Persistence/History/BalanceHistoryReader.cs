using FinInfra.Application.NetWorth;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence.History;

/// <summary>
/// The net-worth reads of <c>account_balance_days</c>: stored rows only, through the (user_id, date) index. The rows of a
/// deleted account stay (a restore brings its history back): the series keeps only the accounts it knows, and one
/// account's days are read only when the account is not deleted.
/// </summary>
public sealed class BalanceHistoryReader(AppDbContext db) : IBalanceHistoryReader
{
    public async Task<IReadOnlyList<AccountDayClosing>> ClosingsAsync(IReadOnlyCollection<Guid> accountIds, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var rows = await InRange(from, to).ToListAsync(cancellationToken);
        // Only an account without a row on the range's first day can carry an earlier balance into it (a row on that day
        // outweighs every earlier one); usually there is none, and then nothing more is read.
        var onFirstDay = rows.Where(r => r.Date == from).Select(r => r.AccountId).ToHashSet();
        var missing = accountIds.Where(id => !onFirstDay.Contains(id)).ToList();
        if (missing.Count == 0) return rows;
        var mine = Mine();
        var lastBefore = mine.Where(r => missing.Contains(r.AccountId) && r.Date < from).GroupBy(r => r.AccountId)
            .Select(g => new { AccountId = g.Key, Date = g.Max(r => r.Date) });
        rows.AddRange(await mine.Join(lastBefore, r => new { r.AccountId, r.Date }, l => new { l.AccountId, l.Date },
            (r, _) => new AccountDayClosing(r.AccountId, r.Date, r.Currency, r.Closing)).ToListAsync(cancellationToken));
        return rows;
    }

    /// <summary>The series' query: the current user's closings in [from, to] (its plan is checked by BalanceHistoryPlanTests).</summary>
    public IQueryable<AccountDayClosing> InRange(DateOnly from, DateOnly to) =>
        Mine().Where(r => r.Date >= from && r.Date <= to).Select(r => new AccountDayClosing(r.AccountId, r.Date, r.Currency, r.Closing));

    // The owner filter applies too; the explicit user_id lets every engine seek the (user_id, date) index.
    private IQueryable<AccountBalanceDay> Mine()
    {
        var userId = db.Scope.UserId;
        return db.BalanceDays.AsNoTracking().Where(r => r.UserId == userId);
    }

    public async Task<IReadOnlyList<AccountDayBalance>> AccountDaysAsync(Guid accountId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        await Project(db.BalanceDays.AsNoTracking().Where(r => r.AccountId == accountId && r.Date >= from && r.Date <= to).OrderBy(r => r.Date))
            .ToListAsync(cancellationToken);

    private IQueryable<AccountDayBalance> Project(IQueryable<AccountBalanceDay> rows) =>
        from r in rows
        join a in db.Accounts on r.AccountId equals a.Id
        select new AccountDayBalance(r.AccountId, r.Date, r.Currency, r.Opening, r.Inflow, r.Outflow, r.Closing);
}
