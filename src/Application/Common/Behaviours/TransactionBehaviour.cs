using FinInfra.Application.Common.Abstractions;
using Mediator;

namespace FinInfra.Application.Common.Behaviours;

/// <summary>
/// The one place a request's changes are committed. An <see cref="ITransactional"/> request runs inside one database
/// transaction; any other command runs outside one and its staged changes are saved once when it returns. Queries
/// store nothing.
/// </summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(IUnitOfWork unitOfWork)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is ITransactional)
            return new ValueTask<TResponse>(unitOfWork.ExecuteInTransactionAsync(async ct => await next(message, ct), cancellationToken));
        if (message is IBaseCommand)
            return new ValueTask<TResponse>(unitOfWork.ExecuteAsync(async ct => await next(message, ct), cancellationToken));
        return next(message, cancellationToken);
    }
}
