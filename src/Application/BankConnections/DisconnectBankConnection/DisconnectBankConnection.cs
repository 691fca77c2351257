using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.BankConnections;
using Mediator;

namespace FinInfra.Application.BankConnections.DisconnectBankConnection;

/// <summary>Drops the connection's token and stops syncing; its accounts and history stay until the user deletes them.</summary>
public sealed record DisconnectBankConnectionCommand(Guid Id) : ICommand, IByIdRequest;

public sealed class DisconnectBankConnectionCommandHandler(IRepository<BankConnection> connections, TimeProvider clock)
    : ICommandHandler<DisconnectBankConnectionCommand>
{
    public async ValueTask<Unit> Handle(DisconnectBankConnectionCommand command, CancellationToken cancellationToken)
    {
        var connection = await connections.GetOwnedAsync(command.Id, cancellationToken);
        connection.Disconnect(clock.GetUtcNow());
        await connections.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
