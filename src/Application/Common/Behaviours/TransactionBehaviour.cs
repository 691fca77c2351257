using FinInfra.Application.Common.Abstractions;
using Mediator;

namespace FinInfra.Application.Common.Behaviours;

/// <summary>Wraps every command in one database transaction: it commits as a whole or changes nothing.</summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(IUnitOfWork unitOfWork)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IBaseCommand) return next(message, cancellationToken);
        return new ValueTask<TResponse>(unitOfWork.ExecuteInTransactionAsync(
            async ct => await next(message, ct), cancellationToken));
    }
}
