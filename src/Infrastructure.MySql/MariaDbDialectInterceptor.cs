using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FinInfra.Infrastructure.MySql;

/// <summary>
/// The statements MySql.EntityFrameworkCore writes for MySQL 8 that MariaDB refuses, rewritten into forms both accept.
/// One interceptor, so every MariaDB dialect fix lives in one place and every command passes through it.
/// <list type="bullet">
/// <item>The migrations lock: the provider asks <c>GET_LOCK('__EFMigrationsLock', -1)</c>, "wait forever" on MySQL, and
/// reads the answer as a BIGINT. MariaDB does not accept a negative timeout (it answers NULL) and answers an INT (MariaDB
/// sizes integer results by their digits, and <c>CAST … AS SIGNED</c> does not widen them). This asks for a year instead,
/// which both engines read as "wait", and adds <c>0 * 10000000000</c>, an 11-digit term that makes the result a BIGINT.</item>
/// <item>A bulk delete (<c>ExecuteDelete</c>): the provider writes EF's default <c>DELETE FROM `t` AS `a` WHERE …</c>.
/// MySQL 8.0.16+ takes an alias in a single-table DELETE; MariaDB before 11.6 does not (a syntax error). The
/// multiple-table form <c>DELETE `a` FROM `t` AS `a` WHERE …</c> means the same and both engines take it.</item>
/// </list>
/// </summary>
internal sealed partial class MariaDbDialectInterceptor : DbCommandInterceptor
{
    private const string Forever = "GET_LOCK('__EFMigrationsLock',-1)";
    private const string AYear = "GET_LOCK('__EFMigrationsLock',31536000) + 0 * 10000000000";

    public static readonly MariaDbDialectInterceptor Instance = new();

    [GeneratedRegex(@"^DELETE FROM (?<table>`[^`]+`) AS (?<alias>`[^`]+`)", RegexOptions.CultureInvariant)]
    private static partial Regex AliasedDelete();

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Rewrite(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Rewrite(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Rewrite(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Rewrite(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Rewrite(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Rewrite(command);
        return ValueTask.FromResult(result);
    }

    private static string Rewrite(string sql)
    {
        if (sql.Contains(Forever, StringComparison.Ordinal)) sql = sql.Replace(Forever, AYear, StringComparison.Ordinal);
        if (sql.StartsWith("DELETE FROM `", StringComparison.Ordinal))
            sql = AliasedDelete().Replace(sql, "DELETE ${alias} FROM ${table} AS ${alias}", 1);
        return sql;
    }

    private static void Rewrite(DbCommand command)
    {
        var rewritten = Rewrite(command.CommandText);
        if (rewritten != command.CommandText) command.CommandText = rewritten;
    }
}
