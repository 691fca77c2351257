using System.Text.RegularExpressions;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>
/// No SQL Server can run on this machine, so the SQL Server set is checked without one: the full migration script
/// (every migration from base to head, as <c>dotnet ef migrations script</c> writes it) is generated from the set and
/// read — types, cascades, indexes — and the set must match the model. Nothing here executes on SQL Server.
/// </summary>
public sealed partial class SqlServerScriptTests
{
    private static AppDbContext Context() => DatabaseEngines.For(DatabaseProvider.SqlServer)
        .CreateContext("Server=sql.invalid;Database=fininfra;User ID=sa;Password=unused;TrustServerCertificate=true", new DataScope(new NoUser()));

    private static readonly Lazy<string> Script = new(() =>
    {
        using var db = Context();
        return db.GetService<IMigrator>().GenerateScript(fromMigration: Migration.InitialDatabase);
    });

    /// <summary>Each CREATE TABLE with its body, by table name.</summary>
    private static Dictionary<string, string> Tables() =>
        CreateTable().Matches(Script.Value).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["body"].Value);

    private static string Column(string table, string column) =>
        Regex.Match(Tables()[table], $@"^\s*\[{column}\] (?<type>[^\r\n]+?),?\r?$", RegexOptions.Multiline) is { Success: true } m
            ? m.Groups["type"].Value
            : throw new InvalidOperationException($"{table}.{column} is not in the script");

    [Fact]
    public void The_set_matches_the_model_and_runs_from_base_to_head()
    {
        using var db = Context();
        Assert.False(db.Database.HasPendingModelChanges(), "The SQL Server model has changes no migration covers: run db revision.");
        var migrations = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(migrations);
        foreach (var id in migrations) Assert.Contains($"N'{id}'", Script.Value);
        Assert.Contains("CREATE TABLE [__EFMigrationsHistory]", Script.Value);
    }

    [Fact]
    public void Money_is_decimal_19_4_text_is_nvarchar_in_a_binary_collation_and_instants_are_datetimeoffset()
    {
        (string Table, string Column)[] money =
        [
            ("accounts", "balance"), ("transactions", "amount"), ("goals", "target_amount"), ("goals", "current_amount"),
            ("net_worth_snapshots", "total_assets"), ("net_worth_snapshots", "total_liabilities"), ("net_worth_snapshots", "net_worth"),
        ];
        foreach (var (table, column) in money) Assert.StartsWith("decimal(19,4) NOT NULL", Column(table, column));

        Assert.StartsWith("nvarchar(255) COLLATE Latin1_General_100_BIN2 NOT NULL", Column("transactions", "name"));
        Assert.StartsWith("nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL", Column("transactions", "transaction_id"));
        Assert.StartsWith("nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL", Column("budgets", "categories"));
        Assert.StartsWith("datetimeoffset NOT NULL", Column("transactions", "created_at"));
        Assert.StartsWith("datetimeoffset NULL", Column("bank_connections", "last_synced_at"));
        Assert.StartsWith("uniqueidentifier NOT NULL", Column("transactions", "id"));
        Assert.StartsWith("date NOT NULL", Column("transactions", "date"));
        Assert.StartsWith("bit NOT NULL", Column("transactions", "pending"));
        Assert.Matches(@"DEFAULT \(?N?'USD'", Column("accounts", "currency"));

        // No varchar, float or text type anywhere: every string column is Unicode, every number exact.
        foreach (var (table, body) in Tables())
            Assert.DoesNotMatch(@"\] (varchar|float|real|text|ntext|datetime2?)\b", body);
    }

    [Fact]
    public void Cascades_form_a_tree_from_users_so_sql_server_accepts_them()
    {
        var keys = ForeignKey().Matches(Script.Value).Select(m => (
            Table: TableOf(m.Index), Column: m.Groups["column"].Value, References: m.Groups["principal"].Value,
            Cascade: m.Groups["cascade"].Success)).ToList();
        Assert.NotEmpty(keys);

        // The ownership chain cascades; the direct user_id short-cuts of accounts and transactions are NO ACTION.
        Assert.Contains(("accounts", "connection_id", "bank_connections", true), keys);
        Assert.Contains(("transactions", "account_id", "accounts", true), keys);
        Assert.Contains(("accounts", "user_id", "users", false), keys);
        Assert.Contains(("transactions", "user_id", "users", false), keys);
        foreach (var table in new[] { "bank_connections", "budgets", "goals", "net_worth_snapshots", "documents" })
            Assert.Contains((table, "user_id", "users", true), keys);

        // SQL Server's rule: at most one cascading path between any two tables.
        var cascading = keys.Where(k => k.Cascade).ToList();
        int Paths(string from, string to) => from == to ? 1 : cascading.Where(k => k.References == from).Sum(k => Paths(k.Table, to));
        var tables = Tables().Keys.ToList();
        foreach (var from in tables)
            foreach (var to in tables.Where(t => t != from))
                Assert.True(Paths(from, to) <= 1, $"{Paths(from, to)} cascade paths from {from} to {to}");
        Assert.Equal(1, Paths("users", "transactions"));
    }

    [Fact]
    public void The_guide_indexes_are_created()
    {
        string[] expected =
        [
            "CREATE INDEX [ix_transactions_user_date] ON [transactions] ([user_id], [date]);",
            "CREATE INDEX [ix_transactions_account] ON [transactions] ([account_id]);",
            "CREATE UNIQUE INDEX [ux_transactions_account_transaction] ON [transactions] ([account_id], [transaction_id]);",
            "CREATE UNIQUE INDEX [ux_accounts_connection_account] ON [accounts] ([connection_id], [account_id]);",
            "CREATE UNIQUE INDEX [ux_net_worth_snapshots_user_date] ON [net_worth_snapshots] ([user_id], [snapshot_date]);",
            "CREATE UNIQUE INDEX [ux_users_email] ON [users] ([email]);",
            "CREATE UNIQUE INDEX [ux_documents_file_path] ON [documents] ([file_path]);",
        ];
        foreach (var index in expected) Assert.Contains(index, Script.Value);
        Assert.Matches(@"CREATE UNIQUE INDEX \[ux_bank_connections_provider_item\] ON \[bank_connections\] \(\[provider\], \[item_id\]\)", Script.Value);
    }

    private static string TableOf(int position) =>
        CreateTable().Matches(Script.Value).Last(m => m.Index < position).Groups["name"].Value;

    [GeneratedRegex(@"CREATE TABLE \[(?<name>[a-z_]+)\] \((?<body>.*?)\r?\n\);", RegexOptions.Singleline)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"FOREIGN KEY \(\[(?<column>[a-z_]+)\]\) REFERENCES \[(?<principal>[a-z_]+)\] \(\[id\]\)(?<cascade> ON DELETE CASCADE)?")]
    private static partial Regex ForeignKey();

    private sealed class NoUser : ICurrentUser
    {
        public Guid? UserId => null;
    }
}
