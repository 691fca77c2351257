using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace FinInfra.Infrastructure.Persistence.History;

/// <summary>
/// Writes one account's recomputed days to <c>account_balance_days</c> in bulk, inside the caller's transaction, bypassing
/// the change tracker (ADR 0015): the rows that changed or left the span are deleted by date range (a handful of
/// statements: a change moves a run of days), then the changed and new rows are inserted — on PostgreSQL by one binary
/// <c>COPY</c> (as the bulk import stages, ADR 0014); on SQLite by one prepared INSERT rebound per row (in process, no
/// round trips); on the other servers by multi-row <c>INSERT … VALUES</c> of <see cref="RowsPerStatement"/> rows written
/// as the model's own SQL literals. Values always pass the model's type mappings and converters, so a row reads back
/// exactly as EF would have stored it; a literal is only ever a typed value (an id, a date, an amount, a validated
/// currency code), never client text. The account's row is locked first (<see cref="BalanceHistory"/>),
/// so no other writer inserts the same keys meanwhile.
/// </summary>
internal sealed class BalanceDayWriter(AppDbContext db, BalanceDayWriter.InsertPath path)
{
    /// <summary>How an engine inserts the rows; each engine names its own (<c>DatabaseEngine.BalanceDayInserts</c>).</summary>
    internal enum InsertPath
    {
        /// <summary>Multi-row <c>INSERT … VALUES</c> of the model's SQL literals (MariaDB/MySQL, SQL Server).</summary>
        MultiRowValues,

        /// <summary>One prepared single-row INSERT rebound per row (SQLite, in process).</summary>
        PreparedRow,

        /// <summary>One binary <c>COPY</c> on the request's connection (PostgreSQL).</summary>
        BinaryCopy,
    }

    /// <summary>Rows a multi-row INSERT carries: SQL Server's limit is 1,000; a statement stays tens of kilobytes.</summary>
    internal const int RowsPerStatement = 500;

    /// <summary>Date ranges one DELETE names.</summary>
    private const int RangesPerStatement = 200;

    private static readonly string[] Properties =
    [
        nameof(AccountBalanceDay.AccountId), nameof(AccountBalanceDay.UserId), nameof(AccountBalanceDay.Date), nameof(AccountBalanceDay.Currency),
        nameof(AccountBalanceDay.Opening), nameof(AccountBalanceDay.Inflow), nameof(AccountBalanceDay.Outflow), nameof(AccountBalanceDay.Closing),
    ];

    private TableShape Shape => TableShape.Of<AccountBalanceDay>(db, Properties);

    /// <summary>Deletes <paramref name="accountId"/>'s rows dated within each of <paramref name="ranges"/> (inclusive, oldest first).</summary>
    public async Task DeleteAsync(Guid accountId, IReadOnlyList<(DateOnly From, DateOnly To)> ranges, CancellationToken cancellationToken)
    {
        if (ranges.Count == 0) return;
        var (table, columns, mappings) = Shape;
        foreach (var part in ranges.Chunk(RangesPerStatement))
        {
            var sql = new StringBuilder($"DELETE FROM {table} WHERE {columns[0]} = {mappings[0].GenerateSqlLiteral(accountId)} AND (");
            for (var i = 0; i < part.Length; i++)
            {
                if (i > 0) sql.Append(" OR ");
                var (from, to) = part[i];
                sql.Append(from == to
                    ? $"{columns[2]} = {mappings[2].GenerateSqlLiteral(from)}"
                    : $"({columns[2]} >= {mappings[2].GenerateSqlLiteral(from)} AND {columns[2]} <= {mappings[2].GenerateSqlLiteral(to)})");
            }
            sql.Append(')');
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), cancellationToken);
        }
    }

    /// <summary>Inserts <paramref name="rows"/> (none of their keys is stored).</summary>
    public async Task InsertAsync(IReadOnlyList<AccountBalanceDay> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        if (path == InsertPath.BinaryCopy && db.Database.GetDbConnection() is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, rows, cancellationToken);
            return;
        }
        if (path == InsertPath.PreparedRow)
        {
            await PreparedAsync(rows, cancellationToken);
            return;
        }
        var (table, columns, mappings) = Shape;
        var head = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ";
        // One account's rows: its id, owner and currency are one literal each.
        var (account, user, currency) = (rows[0].AccountId, rows[0].UserId, rows[0].Currency);
        var constants = (mappings[0].GenerateSqlLiteral(account), mappings[1].GenerateSqlLiteral(user), mappings[3].GenerateSqlLiteral(currency));
        foreach (var part in rows.Chunk(RowsPerStatement))
        {
            var sql = new StringBuilder(head, head.Length + part.Length * 160);
            for (var i = 0; i < part.Length; i++)
            {
                var r = part[i];
                sql.Append(i == 0 ? "(" : ", (")
                    .Append(r.AccountId == account ? constants.Item1 : mappings[0].GenerateSqlLiteral(r.AccountId)).Append(", ")
                    .Append(r.UserId == user ? constants.Item2 : mappings[1].GenerateSqlLiteral(r.UserId)).Append(", ")
                    .Append(mappings[2].GenerateSqlLiteral(r.Date)).Append(", ")
                    .Append(r.Currency == currency ? constants.Item3 : mappings[3].GenerateSqlLiteral(r.Currency)).Append(", ")
                    .Append(mappings[4].GenerateSqlLiteral(r.Opening)).Append(", ")
                    .Append(mappings[5].GenerateSqlLiteral(r.Inflow)).Append(", ")
                    .Append(mappings[6].GenerateSqlLiteral(r.Outflow)).Append(", ")
                    .Append(mappings[7].GenerateSqlLiteral(r.Closing)).Append(')');
            }
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), cancellationToken);
        }
    }

    /// <summary>
    /// SQLite (in process, so a statement costs no round trip): one prepared single-row INSERT, its parameters (made by the
    /// model's type mappings) given each row's values — faster there than multi-row statements, whose named parameters
    /// SQLite binds by a linear lookup each.
    /// </summary>
    private async Task PreparedAsync(IReadOnlyList<AccountBalanceDay> rows, CancellationToken cancellationToken)
    {
        var (table, columns, mappings) = Shape;
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        var first = rows[0];
        object?[] values = [first.AccountId, first.UserId, first.Date, first.Currency, first.Opening, first.Inflow, first.Outflow, first.Closing];
        var parameters = new System.Data.Common.DbParameter[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            parameters[i] = mappings[i].CreateParameter(command, $"@p{i}", values[i], nullable: false);
            command.Parameters.Add(parameters[i]);
        }
        command.Prepare();
        foreach (var r in rows)
        {
            parameters[0].Value = Provider(mappings[0], r.AccountId);
            parameters[1].Value = Provider(mappings[1], r.UserId);
            parameters[2].Value = Provider(mappings[2], r.Date);
            parameters[3].Value = Provider(mappings[3], r.Currency);
            parameters[4].Value = Provider(mappings[4], r.Opening);
            parameters[5].Value = Provider(mappings[5], r.Inflow);
            parameters[6].Value = Provider(mappings[6], r.Outflow);
            parameters[7].Value = Provider(mappings[7], r.Closing);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static object? Provider(RelationalTypeMapping mapping, object value) => mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;

    /// <summary>PostgreSQL: one binary COPY on the request's connection (and so in its transaction).</summary>
    private async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<AccountBalanceDay> rows, CancellationToken cancellationToken)
    {
        var (table, columns, _) = Shape;
        // Open already inside the request's transaction; a rebuild outside one opens it for the context's lifetime.
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var r in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(r.AccountId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(r.UserId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(r.Date, NpgsqlDbType.Date, cancellationToken);
            await importer.WriteAsync(r.Currency.Value, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(r.Opening, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(r.Inflow, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(r.Outflow, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(r.Closing, NpgsqlDbType.Numeric, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }
}
