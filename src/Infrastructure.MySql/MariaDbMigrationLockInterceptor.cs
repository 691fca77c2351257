using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FinInfra.Infrastructure.MySql;

/// <summary>
/// MySql.EntityFrameworkCore takes the migrations lock with <c>GET_LOCK('__EFMigrationsLock', -1)</c>, "wait forever" on
/// MySQL, and reads the answer as a BIGINT. MariaDB does not accept a negative timeout (it answers NULL) and answers an
/// INT (MariaDB sizes integer results by their digits, and <c>CAST … AS SIGNED</c> does not widen them). This asks for a
/// year instead, which both engines read as "wait", and adds <c>0 * 10000000000</c>, an 11-digit term that makes the
/// result a BIGINT on both.
/// </summary>
internal sealed class MariaDbMigrationLockInterceptor : DbCommandInterceptor
{
    private const string Forever = "GET_LOCK('__EFMigrationsLock',-1)";
    private const string AYear = "GET_LOCK('__EFMigrationsLock',31536000) + 0 * 10000000000";

    public static readonly MariaDbMigrationLockInterceptor Instance = new();

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

    private static void Rewrite(DbCommand command)
    {
        if (command.CommandText.Contains(Forever, StringComparison.Ordinal))
            command.CommandText = command.CommandText.Replace(Forever, AYear, StringComparison.Ordinal);
    }
}
