using System.Data.Common;
using System.Text;
using FinInfra.Application.Transactions.Common;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FinInfra.Infrastructure.Persistence.BulkImport;

/// <summary>
/// The SQL half of a bulk import (ADR 0013), shared by the engines: a temporary staging table shaped like the
/// transactions table (<c>CREATE TEMP TABLE … AS SELECT … WHERE 1 = 0</c>, so the column types are the table's own on
/// every engine), filled by the engine's fastest load, then one <c>INSERT … SELECT … ON CONFLICT / ON DUPLICATE KEY</c>
/// in the order of the transaction ids (concurrent overlapping imports lock rows in one order, so they queue instead
/// of deadlocking). The update is the SQL form of <see cref="Transaction.Apply"/>: the source's values are taken, a
/// field the user edited keeps the user's value, a matched pair keeps its kind unless the source names one; a row whose
/// values would not change is not written at all (its <c>updated_at</c> stays).
/// </summary>
public abstract class TransactionBulkWriter(AppDbContext db) : ITransactionBulkWriter, IAsyncDisposable
{
    protected const string StagingTable = "import_staging";

    /// <summary>What is staged per row; the rest of a new row is the account's, the source's or a default.</summary>
    protected static readonly string[] StagedColumns =
        ["id", "transaction_id", "amount", "currency", "date", "source_name", "source_merchant_name", "source_category", "category_key", "source_kind", "pending"];

    /// <summary>The values staged for one row, in <see cref="StagedColumns"/> order, as model properties.</summary>
    protected static readonly string[] StagedProperties =
        [nameof(Transaction.Id), nameof(Transaction.TransactionId), nameof(Transaction.Amount), nameof(Transaction.Currency), nameof(Transaction.Date),
         nameof(Transaction.SourceName), nameof(Transaction.SourceMerchantName), nameof(Transaction.SourceCategory), nameof(Transaction.CategoryKey),
         nameof(Transaction.SourceKind), nameof(Transaction.Pending)];

    protected static object?[] StagedValues(Transaction t) =>
        [t.Id, t.TransactionId, t.Amount, t.Currency, t.Date, t.SourceName, t.SourceMerchantName, t.SourceCategory, t.CategoryKey, t.SourceKind, t.Pending];

    protected static readonly string StandardKind = SnakeCaseEnumConverter.ToSnakeCase(nameof(TransactionKind.Standard));

    private TableShape? _staged;

    protected AppDbContext Db => db;

    /// <summary>The staged properties' type mappings, in <see cref="StagedColumns"/> order: looked up once per writer, not per value.</summary>
    private TableShape Staged => _staged ??= TableShape.Of<Transaction>(db, StagedProperties);

    protected int StagedCount { get; private set; }

    /// <summary><c>pg_temp.</c>, <c>temp.</c>, or nothing: how this engine names its temporary staging table.</summary>
    protected abstract string StagingName { get; }

    protected abstract string DropStagingSql { get; }

    protected abstract string CreateStagingKeyword { get; }

    /// <summary>True from <see cref="BeginAsync"/> on: the staging table may exist on the request's connection.</summary>
    private bool _begun;

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        _begun = true;
        // Opened explicitly, the connection (and the temporary table on it) lives until the request's context is disposed,
        // whether or not a transaction is open.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(DropStagingSql, cancellationToken);
        await ExecuteAsync($"{CreateStagingKeyword} {StagingName} AS SELECT {string.Join(", ", StagedColumns)} FROM transactions WHERE 1 = 0",
            cancellationToken);
        StagedCount = 0;
    }

    /// <summary>
    /// Drops the staging table when the request's scope ends, before its context (and connection) goes back to the pool.
    /// The merge drops it too, but an import refused on a bad line, cancelled or cut off by a failure never merges, and
    /// a pooled connection keeps its temporary tables: PostgreSQL connections skip the server-side reset on return to the
    /// pool (<c>No Reset On Close</c>, docs/scaling.md), and SQLite's pooled connections never had one.
    /// A broken connection is not reused, so a failure here changes nothing and is not raised over the request's outcome.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!_begun) return;
        _begun = false;
        try
        {
            if (db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
            {
                await using var command = Command(DropStagingSql);
                await command.ExecuteNonQueryAsync();
            }
        }
        catch (DbException)
        {
        }
        catch (InvalidOperationException)
        {
        }
        GC.SuppressFinalize(this);
    }

    public async Task StageAsync(IReadOnlyList<Transaction> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await LoadAsync(rows, cancellationToken);
        StagedCount += rows.Count;
    }

    /// <summary>Appends rows to the staging table.</summary>
    protected abstract Task LoadAsync(IReadOnlyList<Transaction> rows, CancellationToken cancellationToken);

    public abstract Task<BulkMergeResult> MergeAsync(Account account, TransactionSource source, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The columns of a new row, and the staged (or constant) values that fill them.</summary>
    protected static readonly (string Column, string Value)[] InsertColumns =
    [
        ("id", "s.id"), ("user_id", "@user"), ("account_id", "@account"), ("transaction_id", "s.transaction_id"), ("amount", "s.amount"),
        ("currency", "s.currency"), ("date", "s.date"), ("name", "s.source_name"), ("merchant_name", "s.source_merchant_name"),
        ("category", "s.source_category"), ("category_key", "s.category_key"), ("kind", "s.source_kind"), ("pending", "s.pending"),
        ("source", "@source"), ("source_name", "s.source_name"), ("source_merchant_name", "s.source_merchant_name"),
        ("source_category", "s.source_category"), ("source_kind", "s.source_kind"), ("edited_fields", "0"),
        ("created_at", "@now"), ("updated_at", "@now"),
    ];

    /// <summary>
    /// <see cref="Transaction.Apply"/> in SQL: each column's value after the update, from the stored row
    /// (<c>transactions.col</c>) and the incoming one (<paramref name="incoming"/>: <c>excluded.col</c>, <c>VALUES(col)</c>).
    /// </summary>
    protected static (string Column, string Value)[] Updates(Func<string, string> incoming)
    {
        string Locked(EditableField field, string column, string sourceValue) =>
            $"CASE WHEN (transactions.edited_fields & {(int)field}) <> 0 THEN transactions.{column} ELSE {sourceValue} END";
        return
        [
            ("amount", incoming("amount")), ("currency", incoming("currency")), ("date", incoming("date")), ("pending", incoming("pending")),
            ("source_name", incoming("source_name")), ("source_merchant_name", incoming("source_merchant_name")),
            ("source_category", incoming("source_category")), ("source_kind", incoming("source_kind")),
            ("name", Locked(EditableField.Name, "name", incoming("source_name"))),
            ("merchant_name", Locked(EditableField.MerchantName, "merchant_name", incoming("source_merchant_name"))),
            ("category", Locked(EditableField.Category, "category", incoming("source_category"))),
            ("category_key", Locked(EditableField.Category, "category_key", incoming("category_key"))),
            ("kind", $"CASE WHEN (transactions.edited_fields & {(int)EditableField.Kind}) = 0 AND (transactions.counterpart_id IS NULL OR "
                     + $"{incoming("source_kind")} <> '{StandardKind}') THEN {incoming("source_kind")} ELSE transactions.kind END"),
        ];
    }

    /// <summary>True when any value would change: the rows an update writes (the rest cost nothing).</summary>
    protected static string Changed(Func<string, string> incoming, Func<string, string, string> distinct) =>
        string.Join(" OR ", Updates(incoming).Where(u => u.Column != "category_key").Select(u => distinct($"transactions.{u.Column}", u.Value)));

    protected string InsertSelect(string stagingReference) =>
        $"INSERT INTO transactions ({string.Join(", ", InsertColumns.Select(c => c.Column))}) "
        + $"SELECT {string.Join(", ", InsertColumns.Select(c => c.Value))} FROM {stagingReference} s";

    protected DbCommand Command(string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = db.Database.GetCommandTimeout() ?? 300;
        return command;
    }

    protected async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A parameter holding <paramref name="value"/> as the model stores <paramref name="property"/> (converters applied).</summary>
    protected DbParameter Parameter(DbCommand command, string name, string property, object? value) =>
        Parameter(command, name, TableShape.MappingOf<Transaction>(db, property), value);

    private static DbParameter Parameter(DbCommand command, string name, RelationalTypeMapping mapping, object? value)
    {
        var parameter = mapping.CreateParameter(command, name, value, nullable: true);
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>The account, the source and the instant of the merge, as <c>@user</c>, <c>@account</c>, <c>@source</c>, <c>@now</c>.</summary>
    protected void AddMergeParameters(DbCommand command, Account account, TransactionSource source, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        Parameter(command, "@user", nameof(Transaction.UserId), account.UserId);
        Parameter(command, "@account", nameof(Transaction.AccountId), account.Id);
        Parameter(command, "@source", nameof(Transaction.Source), source);
        Parameter(command, "@now", nameof(Transaction.CreatedAt), now);
    }

    /// <summary>Staged rows that became new rows: their id is the staged one (an update keeps the stored row's id).</summary>
    protected async Task<int> CountInsertedAsync(CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT COUNT(*) FROM transactions t JOIN {StagingName} s ON t.id = s.id");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Multi-row <c>INSERT … VALUES (…), (…)</c> into the staging table, with the model's parameter conversions.</summary>
    protected async Task InsertRowsAsync(IReadOnlyList<Transaction> rows, int rowsPerStatement, CancellationToken cancellationToken)
    {
        foreach (var part in rows.Chunk(rowsPerStatement))
        {
            await using var command = Command("");
            var sql = new StringBuilder($"INSERT INTO {StagingName} ({string.Join(", ", StagedColumns)}) VALUES ");
            for (var r = 0; r < part.Length; r++)
            {
                if (r > 0) sql.Append(", ");
                sql.Append('(');
                var values = StagedValues(part[r]);
                for (var c = 0; c < values.Length; c++)
                {
                    var name = $"@p{r}_{c}";
                    if (c > 0) sql.Append(", ");
                    sql.Append(name);
                    Parameter(command, name, Staged.Mappings[c], values[c]);
                }
                sql.Append(')');
            }
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
