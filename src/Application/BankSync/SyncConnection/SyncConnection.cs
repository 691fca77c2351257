using Mediator;

namespace FinInfra.Application.BankSync.SyncConnection;

/// <summary>
/// Pulls a connection's changes from its provider and applies them. A plain request, not an <c>ICommand</c>: it
/// must not run inside the pipeline's transaction, because it talks to the provider before opening its own and
/// records a failure after rolling that one back.
/// </summary>
public sealed record SyncConnection(Guid ConnectionId) : IRequest<SyncResult>;

public sealed class SyncConnectionHandler(BankConnectionSynchronizer synchronizer) : IRequestHandler<SyncConnection, SyncResult>
{
    public async ValueTask<SyncResult> Handle(SyncConnection request, CancellationToken cancellationToken)
    {
        try
        {
            return await synchronizer.SyncAsync(request.ConnectionId, cancellationToken);
        }
        catch (BankProviderException failure)
        {
            throw failure.ForClient();
        }
    }
}
