using System.Data.Common;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>Reads the live schema back from the engine's catalogue (information_schema / pg_indexes, or SQLite pragmas).</summary>
internal sealed class SchemaReader(AppDbContext db, DatabaseProvider provider)
{
    /// <param name="Collation">MySQL/MariaDB only: the text column's collation.</param>
    public sealed record Column(string Name, string Type, int? Precision, int? Scale, string? Default, string? Collation = null);

    public sealed record ForeignKey(string Column, string ReferencedTable, string OnDelete);

    public sealed record Index(string Name, bool Unique, IReadOnlyList<string> Columns);

    public async Task<IReadOnlyList<string>> TablesAsync() => provider switch
    {
        DatabaseProvider.Postgres => await ListAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", r => r.GetString(0)),
        DatabaseProvider.MySql => await ListAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'", r => r.GetString(0)),
        _ => await ListAsync("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", r => r.GetString(0)),
    };

    public async Task<IReadOnlyDictionary<string, Column>> ColumnsAsync(string table)
    {
        var columns = provider switch
        {
            DatabaseProvider.Postgres => await ListAsync($"SELECT column_name, data_type, numeric_precision, numeric_scale, column_default FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}'",
                r => new Column(r.GetString(0), r.GetString(1), Int(r, 2), Int(r, 3), Text(r, 4))),
            DatabaseProvider.MySql => await ListAsync($"SELECT column_name, data_type, numeric_precision, numeric_scale, column_default, collation_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '{table}'",
                r => new Column(r.GetString(0), r.GetString(1), Int(r, 2), Int(r, 3), Text(r, 4), Text(r, 5))),
            _ => await ListAsync($"SELECT name, type, dflt_value FROM pragma_table_info('{table}')", r => new Column(r.GetString(0), r.GetString(1), null, null, Text(r, 2))),
        };
        return columns.ToDictionary(c => c.Name);
    }

    /// <summary>MariaDB stores <c>json</c> as <c>longtext</c> with a <c>json_valid</c> check; MySQL 8 has a real JSON type.</summary>
    public async Task<bool> IsMySqlJsonAsync(string table, string column)
    {
        var type = (await ColumnsAsync(table))[column].Type;
        if (type == "json") return true;
        var checks = await ListAsync($"SELECT check_clause FROM information_schema.check_constraints WHERE constraint_schema = DATABASE() AND table_name = '{table}'", r => r.GetString(0));
        return type == "longtext" && checks.Any(c => c.Contains($"json_valid(`{column}`)", StringComparison.OrdinalIgnoreCase));
    }

    private static int? Int(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Convert.ToInt32(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public async Task<IReadOnlyList<ForeignKey>> ForeignKeysAsync(string table) => provider switch
    {
        DatabaseProvider.MySql => await ListAsync($"""
            SELECT kcu.column_name, kcu.referenced_table_name, rc.delete_rule
            FROM information_schema.referential_constraints rc
            JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
            WHERE rc.constraint_schema = DATABASE() AND kcu.table_name = '{table}'
            """, r => new ForeignKey(r.GetString(0), r.GetString(1), r.GetString(2))),
        DatabaseProvider.Postgres => await ListAsync($"""
            SELECT kcu.column_name, ccu.table_name, rc.delete_rule
            FROM information_schema.referential_constraints rc
            JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
            JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.unique_constraint_name AND ccu.constraint_schema = rc.unique_constraint_schema
            WHERE kcu.table_name = '{table}'
            """, r => new ForeignKey(r.GetString(0), r.GetString(1), r.GetString(2))),
        _ => await ListAsync($"SELECT \"from\", \"table\", on_delete FROM pragma_foreign_key_list('{table}')", r => new ForeignKey(r.GetString(0), r.GetString(1), r.GetString(2))),
    };

    public async Task<IReadOnlyList<Index>> IndexesAsync(string table)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            return await ListAsync($"""
                SELECT i.relname, ix.indisunique, array_to_string(ARRAY(
                    SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), ',')
                FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
                WHERE t.relname = '{table}' AND NOT ix.indisprimary
                """, r => new Index(r.GetString(0), r.GetBoolean(1), r.GetString(2).Split(',')));
        }
        if (provider == DatabaseProvider.MySql)
        {
            return await ListAsync($"""
                SELECT index_name, MAX(non_unique), GROUP_CONCAT(column_name ORDER BY seq_in_index)
                FROM information_schema.statistics
                WHERE table_schema = DATABASE() AND table_name = '{table}' AND index_name <> 'PRIMARY'
                GROUP BY index_name
                """, r => new Index(r.GetString(0), Int(r, 1) == 0, r.GetString(2).Split(',')));
        }
        var indexes = await ListAsync($"SELECT name, \"unique\" FROM pragma_index_list('{table}') WHERE origin = 'c'", r => (Name: r.GetString(0), Unique: r.GetInt64(1) == 1));
        var result = new List<Index>();
        foreach (var (name, unique) in indexes)
            result.Add(new Index(name, unique, await ListAsync($"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno", r => r.GetString(0))));
        return result;
    }

    /// <summary>SQLite's journal mode (<c>wal</c> once the service or the db commands have prepared the file).</summary>
    public async Task<string> SqliteJournalModeAsync() => (await ListAsync("PRAGMA journal_mode;", r => r.GetString(0))).Single();

    private async Task<List<T>> ListAsync<T>(string sql, Func<DbDataReader, T> read)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync()) list.Add(read(reader));
        return list;
    }

    /// <summary>The application's tables: everything except EF's own bookkeeping (<c>__EFMigrationsHistory</c>, <c>__EFMigrationsLock</c>).</summary>
    public async Task<IReadOnlyList<string>> ApplicationTablesAsync() => [.. (await TablesAsync()).Where(t => !t.StartsWith("__EF", StringComparison.Ordinal)).Order()];

    public static readonly string[] GuideTables = ["account_balance_days", "account_valuations", "accounts", "bank_connections", "budgets", "documents", "exchange_rates", "goals", "idempotency_keys", "net_worth_snapshots", "provider_revocations", "refresh_tokens", "transactions", "users"];
}
