using FinInfra.Domain.Common;

namespace FinInfra.Infrastructure.Persistence.History;

/// <summary>
/// One stored day of one account's balance history (<c>account_balance_days</c>), derived from the account's transactions
/// and anchors by <see cref="FinInfra.Domain.Accounts.DailyBalances"/> and kept current by <see cref="BalanceHistory"/>.
/// Keyed (account_id, date); the (user_id, date) index serves the net-worth reads.
/// </summary>
public sealed class AccountBalanceDay : IOwnedByUser
{
    public Guid AccountId { get; set; }
    public Guid UserId { get; set; }
    public DateOnly Date { get; set; }
    public CurrencyCode Currency { get; set; } = CurrencyCode.Usd;
    public decimal Opening { get; set; }
    public decimal Inflow { get; set; }
    public decimal Outflow { get; set; }
    public decimal Closing { get; set; }
}
