using Mediator;

namespace FinInfra.Application.BankSync.SyncConnection;

/// <summary>
/// Pulls a connection's changes from its provider and applies them. Not <see cref="ITransactional"/>: it must not
/// run inside the pipeline's transaction, because it talks to the provider before opening its own and records a
/// failure after rolling that one back (see <see cref="BankConnectionSynchronizer"/>).
/// </summary>
public sealed record SyncConnectionCommand(Guid ConnectionId) : ICommand<SyncResult>;

public sealed class SyncConnectionCommandHandler(BankConnectionSynchronizer synchronizer) : ICommandHandler<SyncConnectionCommand, SyncResult>
{
    public async ValueTask<SyncResult> Handle(SyncConnectionCommand request, CancellationToken cancellationToken) =>
        await synchronizer.SyncAsync(request.ConnectionId, cancellationToken);
}
