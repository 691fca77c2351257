namespace FinInfra.Application.Accounts;

/// <summary>
/// The one entry point that keeps the stored daily balance history (<c>account_balance_days</c>) current. Every write
/// path that changes what an account's history is computed from — a transaction's amount, date, pending flag or
/// currency; a transaction added or removed; a balance reported by the provider or set by the user; a valuation; an
/// account closed or reopened — calls <see cref="AccountChanged"/> once per account with the earliest date it touched.
/// Nothing is computed at the call: the unit of work recomputes each changed account once, inside the same database
/// transaction, just before it commits (ADR 0015), so a request's data and its history are stored together or not at all.
/// A bulk write path that bypasses the change tracker calls it the same way.
/// </summary>
public interface IBalanceHistory
{
    /// <summary>Marks <paramref name="accountId"/>'s history as changed from <paramref name="fromDate"/> on; repeated calls keep the earliest date.</summary>
    void AccountChanged(Guid accountId, DateOnly fromDate);
}
