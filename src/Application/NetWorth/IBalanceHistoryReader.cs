using FinInfra.Domain.Common;

namespace FinInfra.Application.NetWorth;

/// <summary>One stored day of one account (a row of <c>account_balance_days</c>).</summary>
public sealed record AccountDayBalance(Guid AccountId, DateOnly Date, CurrencyCode Currency, decimal Opening, decimal Inflow, decimal Outflow, decimal Closing);

/// <summary>What a net-worth series reads of one stored day: the account, the day, its closing and currency.</summary>
public sealed record AccountDayClosing(Guid AccountId, DateOnly Date, CurrencyCode Currency, decimal Closing);

/// <summary>Reads the stored daily balance history; never replays transactions.</summary>
public interface IBalanceHistoryReader
{
    /// <summary>
    /// The closings of the current user's rows dated in [<paramref name="from"/>, <paramref name="to"/>] (through the
    /// (user_id, date) index), plus, for each of <paramref name="accountIds"/> without a row on <paramref name="from"/>,
    /// its last row before it — the balance an account carries into the range. In no particular order; rows of accounts
    /// not in <paramref name="accountIds"/> (a deleted one's) may be among them.
    /// </summary>
    Task<IReadOnlyList<AccountDayClosing>> ClosingsAsync(IReadOnlyCollection<Guid> accountIds, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>One account's rows in [<paramref name="from"/>, <paramref name="to"/>], oldest first (through the primary key).</summary>
    Task<IReadOnlyList<AccountDayBalance>> AccountDaysAsync(Guid accountId, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}
