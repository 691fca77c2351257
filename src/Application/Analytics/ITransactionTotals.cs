using FinInfra.Domain.Transactions;

namespace FinInfra.Application.Analytics;

/// <summary>
/// Σ amount and the number of standard transactions for one day, currency, category key and direction (money in:
/// amounts above zero; money out: below zero). By day, so an amount in another currency converts at its own day's rate.
/// </summary>
public sealed record FlowTotal(DateOnly Date, string Currency, string? CategoryKey, bool MoneyIn, decimal Amount, int Count)
{
    public int Year => Date.Year;
    public int Month => Date.Month;
}

/// <summary>Which transactions an answer counts: a date range (both ends inclusive) and whether pending ones count.</summary>
public sealed record TransactionWindow(DateOnly From, DateOnly To, bool IncludePending);

/// <summary>
/// Grouped sums of the current user's standard transactions (<see cref="Transaction.Counts"/>: transfers, payments and
/// excluded rows never count), computed by the database (never by loading every row). Soft-deleted accounts and their
/// transactions are left out by the persistence layer's query filters; closed accounts' history counts.
/// </summary>
public interface ITransactionTotals
{
    Task<IReadOnlyList<FlowTotal>> FlowsAsync(TransactionWindow window, CancellationToken cancellationToken);
}
