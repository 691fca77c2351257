using FinInfra.Application.Transactions.Common;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Transactions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace FinInfra.Infrastructure.Persistence.BulkImport;

/// <summary>
/// PostgreSQL: binary <c>COPY</c> into the staging table, then <c>INSERT … SELECT … ON CONFLICT (account_id,
/// transaction_id) DO UPDATE … WHERE (…) IS DISTINCT FROM (…) RETURNING transaction_id, (xmax = 0)</c>: the returned rows are
/// exactly the inserted (<c>xmax = 0</c>) and the changed ones; an unchanged row is neither written nor returned.
/// </summary>
public sealed class PostgresTransactionBulkWriter(AppDbContext db) : TransactionBulkWriter(db)
{
    protected override string StagingName => "pg_temp." + StagingTable;

    protected override string DropStagingSql => $"DROP TABLE IF EXISTS pg_temp.{StagingTable}";

    protected override string CreateStagingKeyword => "CREATE TEMP TABLE";

    protected override async Task LoadAsync(IReadOnlyList<Transaction> rows, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)Db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {StagingName} ({string.Join(", ", StagedColumns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var t in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(t.Id, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(t.TransactionId, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(t.Amount, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(t.Currency.Value, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(t.Date, NpgsqlDbType.Date, cancellationToken);
            await importer.WriteAsync(t.SourceName, NpgsqlDbType.Varchar, cancellationToken);
            await WriteNullableAsync(importer, t.SourceMerchantName, cancellationToken);
            await WriteNullableAsync(importer, t.SourceCategory, cancellationToken);
            await WriteNullableAsync(importer, t.CategoryKey, cancellationToken);
            await importer.WriteAsync(SnakeCaseEnumConverter.ToSnakeCase(t.SourceKind.ToString()), NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(t.Pending, NpgsqlDbType.Boolean, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken)
    {
        if (value is null) await importer.WriteNullAsync(cancellationToken);
        else await importer.WriteAsync(value, NpgsqlDbType.Varchar, cancellationToken);
    }

    public override async Task<BulkMergeResult> MergeAsync(Account account, TransactionSource source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        static string Excluded(string column) => $"EXCLUDED.{column}";
        var sql = $"{InsertSelect(StagingName)} ORDER BY s.transaction_id "
                  + "ON CONFLICT (account_id, transaction_id) DO UPDATE SET "
                  + string.Join(", ", Updates(Excluded).Select(u => $"{u.Column} = {u.Value}")) + ", updated_at = EXCLUDED.updated_at "
                  + $"WHERE {Changed(Excluded, (a, b) => $"{a} IS DISTINCT FROM {b}")} "
                  + "RETURNING transaction_id, (xmax = 0)";
        await using var command = Command(sql);
        AddMergeParameters(command, account, source, now);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var inserted = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                touched.Add(reader.GetString(0));
                if (reader.GetBoolean(1)) inserted++;
            }
        }
        await ExecuteAsync(DropStagingSql, cancellationToken);
        return new BulkMergeResult(inserted, touched.Count - inserted, StagedCount - touched.Count, touched);
    }
}

/// <summary>
/// SQLite: multi-row inserts into a temporary staging table (the temp database, so no write lock on the main one while a
/// file arrives), then one <c>INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE … IS NOT …</c> returning the rows it wrote,
/// inside the import's transaction.
/// </summary>
public sealed class SqliteTransactionBulkWriter(AppDbContext db) : TransactionBulkWriter(db)
{
    /// <summary>11 parameters a row: well under SQLite's 32,766 variables a statement.</summary>
    private const int RowsPerStatement = 500;

    protected override string StagingName => "temp." + StagingTable;

    protected override string DropStagingSql => $"DROP TABLE IF EXISTS temp.{StagingTable}";

    protected override string CreateStagingKeyword => "CREATE TEMP TABLE";

    protected override Task LoadAsync(IReadOnlyList<Transaction> rows, CancellationToken cancellationToken) =>
        InsertRowsAsync(rows, RowsPerStatement, cancellationToken);

    public override async Task<BulkMergeResult> MergeAsync(Account account, TransactionSource source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        static string Excluded(string column) => $"excluded.{column}";
        var sql = $"{InsertSelect(StagingName)} WHERE true ORDER BY s.transaction_id "
                  + "ON CONFLICT (account_id, transaction_id) DO UPDATE SET "
                  + string.Join(", ", Updates(Excluded).Select(u => $"{u.Column} = {u.Value}")) + ", updated_at = excluded.updated_at "
                  + $"WHERE {Changed(Excluded, (a, b) => $"{a} IS NOT {b}")} "
                  + "RETURNING transaction_id";
        await using var command = Command(sql);
        AddMergeParameters(command, account, source, now);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) touched.Add(reader.GetString(0));
        var inserted = await CountInsertedAsync(cancellationToken);
        await ExecuteAsync(DropStagingSql, cancellationToken);
        if (inserted > 0) await ExecuteAsync(DatabasePreparation.RefreshSqliteStatisticsSql, cancellationToken);
        return new BulkMergeResult(inserted, touched.Count - inserted, StagedCount - touched.Count, touched);
    }
}

/// <summary>
/// The generic path, for an engine without a dialect of its own here (SQL Server): staged rows are kept in memory and
/// merged through tracked entities, <see cref="Transaction.Apply"/> itself; the unit of work saves them.
/// </summary>
public sealed class EfTransactionBulkWriter(AppDbContext db) : ITransactionBulkWriter
{
    private const int LookupChunk = 500;
    private readonly List<Transaction> _staged = [];

    public Task BeginAsync(CancellationToken cancellationToken)
    {
        _staged.Clear();
        return Task.CompletedTask;
    }

    public Task StageAsync(IReadOnlyList<Transaction> rows, CancellationToken cancellationToken)
    {
        _staged.AddRange(rows);
        return Task.CompletedTask;
    }

    public async Task<BulkMergeResult> MergeAsync(Account account, TransactionSource source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var known = new Dictionary<string, Transaction>(StringComparer.Ordinal);
        foreach (var part in _staged.Select(t => t.TransactionId).Chunk(LookupChunk))
            foreach (var row in await db.Transactions.IgnoreQueryFilters().Where(t => t.AccountId == account.Id && part.Contains(t.TransactionId))
                         .ToListAsync(cancellationToken))
                known[row.TransactionId] = row;
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var inserted = 0;
        foreach (var t in _staged)
        {
            if (known.TryGetValue(t.TransactionId, out var existing))
            {
                if (existing.Apply(t.Amount, t.Date, t.SourceName, t.SourceMerchantName, t.SourceCategory, t.Pending, t.Currency, t.SourceKind))
                    touched.Add(t.TransactionId);
                continue;
            }
            db.Transactions.Add(t);
            touched.Add(t.TransactionId);
            inserted++;
        }
        var result = new BulkMergeResult(inserted, touched.Count - inserted, _staged.Count - touched.Count, touched);
        _staged.Clear();
        return result;
    }
}
