using System.Data.Common;
using System.Globalization;
using FinInfra.Infrastructure.Configuration;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Integration.Tests.Infrastructure;

/// <summary>The plan an engine chooses for a query EF builds: SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN lines.</summary>
internal static class QueryPlans
{
    /// <summary>The engines whose plans the plan tests read (the others' planners are not asserted on).</summary>
    public static IEnumerable<object[]> Engines => [[DatabaseProvider.Sqlite], [DatabaseProvider.Postgres]];

    public static async Task<string> ExplainAsync<T>(DbContext context, IQueryable<T> query, DatabaseProvider provider)
    {
        await using var command = query.CreateDbCommand();
        return await ExplainAsync(context, command, provider);
    }

    public static async Task<string> ExplainAsync(DbContext context, DbCommand command, DatabaseProvider provider)
    {
        command.CommandText = (provider == DatabaseProvider.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + command.CommandText;
        if (command.Connection!.State != System.Data.ConnectionState.Open) await context.Database.OpenConnectionAsync();
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(Convert.ToString(reader.GetValue(reader.FieldCount - 1), CultureInfo.InvariantCulture)!);
        return string.Join('\n', lines);
    }
}
