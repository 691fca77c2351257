using FinInfra.Application.Common.Abstractions;
using Mediator;

namespace FinInfra.Infrastructure.Persistence.ReadRouting;

/// <summary>
/// Routes reads to the replica (<c>SQL_READ_URL</c>; registered only when it is set, as the outermost step of the
/// pipeline). A query (<see cref="IBaseQuery"/>, not <see cref="ITransactional"/>) of a signed-in user, or of nobody,
/// reads from the replica when <see cref="ReadReplica.ServesAsync"/> says it has replayed what that user wrote; the
/// request's own <see cref="AppDbContext"/> is pointed at the replica's connection string for the query and back at
/// the primary after it, so the model, the owner and soft-delete filters and the request's scope are the same ones.
/// A query that fails on the replica is answered from the primary. Everything else (commands, transactional requests,
/// a system scope, a context with a connection or transaction already open) uses the primary, and after every command
/// the primary's WAL position is recorded for its user (<see cref="ReadReplica.RecordWriteAsync"/>), after the
/// transaction step has committed: that is why this step is outermost.
/// </summary>
public sealed class ReadRoutingBehaviour<TMessage, TResponse>(AppDbContext db, ReadReplica replica)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken) =>
        message is IBaseQuery and not ITransactional ? QueryAsync(message, next, cancellationToken) : WriteAsync(message, next, cancellationToken);

    private async ValueTask<TResponse> QueryAsync(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var scope = db.Scope;
        if (scope.IsSystem || !await replica.ServesAsync(scope.UserId) || !db.TryReadFromReplica(replica.ConnectionString))
            return await next(message, cancellationToken);
        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception failure) when (ReadReplica.IsReplicaFailure(failure) && !cancellationToken.IsCancellationRequested)
        {
            // A query stores nothing, so running it again is safe; the replica is left alone for a while if it is down.
            replica.ReportFailure(failure, typeof(TMessage).Name);
            db.ReadFromPrimary();
            db.ChangeTracker.Clear();
            return await next(message, cancellationToken);
        }
        finally
        {
            db.ReadFromPrimary();
        }
    }

    private async ValueTask<TResponse> WriteAsync(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        try
        {
            return await next(message, cancellationToken);
        }
        finally
        {
            // Also after a failure: a command that is not ITransactional may have stored part of its work.
            var scope = db.Scope;
            await replica.RecordWriteAsync(scope.IsSystem ? null : scope.UserId);
        }
    }
}
