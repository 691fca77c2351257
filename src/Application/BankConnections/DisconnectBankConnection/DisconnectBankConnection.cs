using FinInfra.Application.BankSync;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using Ardalis.Specification;
using Mediator;

namespace FinInfra.Application.BankConnections.DisconnectBankConnection;

/// <summary>
/// Revokes the token at the provider, then drops it and stops syncing. The connection's accounts become the user's
/// own (unlinked: history kept, balance set by hand), or, with <paramref name="DeleteAccounts"/>, are deleted (soft,
/// like any account the user deletes). When the provider is down the disconnect is refused (502) and nothing changes,
/// so it can be retried without leaving a live token behind at the provider. Not <see cref="ITransactional"/>: no
/// database transaction (on SQLite, the write lock) may stay open while the provider is called; the one save the
/// pipeline commits after it is atomic.
/// </summary>
public sealed record DisconnectBankConnectionCommand(Guid Id, bool DeleteAccounts = false) : ICommand, IByIdRequest;

/// <summary>A connection's accounts the user has not deleted.</summary>
public sealed class LiveAccountsOfConnectionSpec : Specification<Account>
{
    public LiveAccountsOfConnectionSpec(Guid connectionId) => Query.Where(a => a.ConnectionId == connectionId);
}

public sealed class DisconnectBankConnectionCommandHandler(
    IRepository<BankConnection> connections,
    IRepository<Account> accounts,
    ProviderItemRevoker revoker,
    ISecretProtector protector,
    TimeProvider clock)
    : ICommandHandler<DisconnectBankConnectionCommand>
{
    public async ValueTask<Unit> Handle(DisconnectBankConnectionCommand command, CancellationToken cancellationToken)
    {
        var connection = await connections.GetOwnedAsync(command.Id, cancellationToken);
        if (connection is { IsDisconnected: false, AccessToken: not null })
            await RevokeAsync(connection, cancellationToken);
        var now = clock.GetUtcNow();
        connection.Disconnect(now);
        connections.Update(connection);
        foreach (var account in await accounts.ListAsync(new LiveAccountsOfConnectionSpec(connection.Id), cancellationToken))
        {
            if (command.DeleteAccounts) accounts.Delete(account);
            else
            {
                account.Unlink();
                accounts.Update(account);
            }
        }
        return Unit.Value;
    }

    private async Task RevokeAsync(BankConnection connection, CancellationToken cancellationToken)
    {
        // A token already dead at the provider, or a provider this server no longer reaches, is revoked for our purposes;
        // any other failure goes to the client as it is (the exception handler answers 502), and nothing changes.
        if (await revoker.RevokeAsync(connection.Provider, connection.RevealAccessToken(protector), cancellationToken) is { } failure)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }
}
