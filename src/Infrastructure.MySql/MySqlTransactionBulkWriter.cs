using FinInfra.Application.Transactions.Common;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Transactions;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.BulkImport;
using Microsoft.EntityFrameworkCore;
using MySql.Data.MySqlClient;

namespace FinInfra.Infrastructure.MySql;

/// <summary>
/// MySQL/MariaDB: multi-row inserts into a <c>TEMPORARY</c> staging table, then one <c>INSERT … SELECT … ORDER BY
/// transaction_id ON DUPLICATE KEY UPDATE</c>. <c>updated_at</c> is assigned first, from the stored values (the
/// assignments run left to right and later ones see earlier results), and only when something changes; the other
/// assignments then write equal values for an unchanged row, which the engine does not count as a change. There is
/// no RETURNING here: new rows are counted by their staged id, changed ones from the statement's row count, and the
/// transfer matcher considers every staged row.
/// </summary>
public sealed class MySqlTransactionBulkWriter(AppDbContext db) : TransactionBulkWriter(db)
{
    /// <summary>11 parameters a row, well under the 65,535 placeholders of a prepared statement.</summary>
    private const int RowsPerStatement = 1000;

    protected override string StagingName => StagingTable;

    protected override string DropStagingSql => $"DROP TEMPORARY TABLE IF EXISTS {StagingTable}";

    protected override string CreateStagingKeyword => "CREATE TEMPORARY TABLE";

    protected override Task LoadAsync(IReadOnlyList<Transaction> rows, CancellationToken cancellationToken) =>
        InsertRowsAsync(rows, RowsPerStatement, cancellationToken);

    public override async Task<BulkMergeResult> MergeAsync(Account account, TransactionSource source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Merges into one account queue on its row first. InnoDB's next-key locks of ON DUPLICATE KEY UPDATE, then the
        // account's history rows, otherwise deadlock overlapping imports faster than the transaction step's retries settle them.
        await Db.Database.ExecuteSqlAsync(new MySqlEngine().LockRowSql("accounts", account.Id)!, cancellationToken);
        static string Incoming(string column) => $"VALUES({column})";
        var sql = $"{InsertSelect(StagingName)} ORDER BY s.transaction_id ON DUPLICATE KEY UPDATE "
                  + $"updated_at = IF({Changed(Incoming, (a, b) => $"NOT ({a} <=> {b})")}, VALUES(updated_at), transactions.updated_at), "
                  + string.Join(", ", Updates(Incoming).Select(u => $"{u.Column} = {u.Value}"));
        await using var command = Command(sql);
        AddMergeParameters(command, account, source, now);
        var affected = await command.ExecuteNonQueryAsync(cancellationToken);
        var inserted = await CountInsertedAsync(cancellationToken);
        // Per row: 1 inserted, 2 changed, and 0 unchanged — or 1 when the connection reports found rows (the default).
        var foundRows = !new MySqlConnectionStringBuilder(Db.Database.GetDbConnection().ConnectionString).UseAffectedRows;
        var updated = foundRows ? affected - StagedCount : (affected - inserted) / 2;
        // The staging table stays until the session ends (a pooled connection is reset before reuse) or the next import
        // on it drops it first: MariaDB's DROP TEMPORARY TABLE is not undone by a rollback, and the transaction step may
        // run this merge again after a deadlock (PostgreSQL and SQLite drop it inside the transaction, which a rollback undoes).
        return new BulkMergeResult(inserted, updated, StagedCount - inserted - updated, Touched: null);
    }
}
