using FinInfra.Domain.Common;

namespace FinInfra.Application.NetWorth;

/// <summary>One stored day of one account (a row of <c>account_balance_days</c>).</summary>
public sealed record AccountDayBalance(Guid AccountId, DateOnly Date, CurrencyCode Currency, decimal Opening, decimal Inflow, decimal Outflow, decimal Closing);

/// <summary>Reads the stored daily balance history; never replays transactions.</summary>
public interface IBalanceHistoryReader
{
    /// <summary>
    /// The current user's rows dated in [<paramref name="from"/>, <paramref name="to"/>] (through the (user_id, date)
    /// index), plus, for each account, its last row before <paramref name="from"/> — the balance an account carries into
    /// the range when it has no row on its first day. Oldest first.
    /// </summary>
    Task<IReadOnlyList<AccountDayBalance>> ClosingsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>One account's rows in [<paramref name="from"/>, <paramref name="to"/>], oldest first (through the primary key).</summary>
    Task<IReadOnlyList<AccountDayBalance>> AccountDaysAsync(Guid accountId, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}
