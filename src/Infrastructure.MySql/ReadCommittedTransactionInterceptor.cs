using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FinInfra.Infrastructure.MySql;

/// <summary>
/// Transactions on MySQL/MariaDB run at READ COMMITTED, as they do on PostgreSQL and SQL Server by default, so the
/// service's concurrency reasoning is the same on every server engine. InnoDB's default, REPEATABLE READ, fixes a
/// transaction's snapshot at its first read: a request that loses an insert race to a unique index (two snapshots of
/// one day, say) could then not see the winner's committed row when it reads again, and failed instead of replacing it.
/// Only a transaction begun without an explicit level is changed.
/// </summary>
internal sealed class ReadCommittedTransactionInterceptor : DbTransactionInterceptor
{
    public static readonly ReadCommittedTransactionInterceptor Instance = new();

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result) =>
        eventData.IsolationLevel == IsolationLevel.Unspecified
            ? InterceptionResult<DbTransaction>.SuppressWithResult(connection.BeginTransaction(IsolationLevel.ReadCommitted))
            : result;

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
        eventData.IsolationLevel == IsolationLevel.Unspecified
            ? InterceptionResult<DbTransaction>.SuppressWithResult(await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken))
            : result;
}
