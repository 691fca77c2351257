using FinInfra.Application.NetWorth;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence.History;

/// <summary>
/// The net-worth reads of <c>account_balance_days</c>: stored rows only, through the (user_id, date) index, and only of
/// accounts that are not deleted (the rows of a deleted account stay, so a restore brings its history back).
/// </summary>
public sealed class BalanceHistoryReader(AppDbContext db) : IBalanceHistoryReader
{
    public async Task<IReadOnlyList<AccountDayBalance>> ClosingsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var inRange = await InRange(from, to).ToListAsync(cancellationToken);
        var mine = Mine();
        var lastBefore = mine.Where(r => r.Date < from).GroupBy(r => r.AccountId).Select(g => new { AccountId = g.Key, Date = g.Max(r => r.Date) });
        var carriedIn = await Project(mine.Join(lastBefore, r => new { r.AccountId, r.Date }, l => new { l.AccountId, l.Date }, (r, _) => r))
            .ToListAsync(cancellationToken);
        return [.. carriedIn.Concat(inRange).OrderBy(r => r.Date)];
    }

    /// <summary>The series' query: the current user's rows in [from, to] (its plan is checked by BalanceHistoryPlanTests).</summary>
    public IQueryable<AccountDayBalance> InRange(DateOnly from, DateOnly to) => Project(Mine().Where(r => r.Date >= from && r.Date <= to));

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
