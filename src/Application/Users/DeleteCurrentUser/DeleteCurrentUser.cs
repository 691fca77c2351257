using Ardalis.Specification;
using FinInfra.Application.BankConnections;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Application.Documents;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FinInfra.Domain.Users;
using Mediator;

namespace FinInfra.Application.Users.DeleteCurrentUser;

/// <summary>
/// Deletes the caller's account and, through the database's cascading foreign keys, every row it owns. First each
/// provider item still linked is revoked at its provider; one the provider fails to revoke is kept, with its token
/// sealed, as a <see cref="ProviderRevocation"/> that the revocation worker retries, so a provider outage never blocks
/// the deletion. The user's document files are removed once the deletion is committed. Not <see cref="ITransactional"/>:
/// no transaction (on SQLite, the write lock) may stay open while a provider is called; the one save after it is atomic.
/// </summary>
public sealed record DeleteCurrentUserCommand : ICommand;

/// <summary>The caller's connections that still hold an access token (a live link at a provider).</summary>
public sealed class ConnectionsHoldingTokenSpec : Specification<BankConnection>
{
    public ConnectionsHoldingTokenSpec() => Query.Where(c => c.AccessToken != null);
}

public sealed class DeleteCurrentUserCommandHandler(
    IRepository<User> users,
    IRepository<BankConnection> connections,
    IRepository<ProviderRevocation> revocations,
    ProviderItemRevoker revoker,
    ISecretProtector protector,
    IDocumentStorage storage,
    IUnitOfWork unitOfWork,
    ICurrentUser currentUser,
    ISecurityStampCache stamps,
    TimeProvider clock)
    : ICommandHandler<DeleteCurrentUserCommand>
{
    public async ValueTask<Unit> Handle(DeleteCurrentUserCommand command, CancellationToken cancellationToken)
    {
        var user = await users.GetByIdAsync(currentUser.RequiredUserId, cancellationToken)
                   ?? throw new UnauthorizedException("The account behind this token no longer exists.");

        foreach (var connection in await connections.ListAsync(new ConnectionsHoldingTokenSpec(), cancellationToken))
        {
            var token = connection.RevealAccessToken(protector);
            if (await revoker.RevokeAsync(connection.Provider, token, cancellationToken) is not { } failure) continue;
            var now = clock.GetUtcNow();
            var pending = ProviderRevocation.For(connection.Provider, connection.ItemId, token, protector, now);
            pending.RecordFailure(failure.Message, now);
            revocations.Add(pending);
        }

        users.Delete(user);
        stamps.Forget(user.Id);
        var userId = user.Id;
        unitOfWork.AfterCommit(ct => storage.DeleteOwnerAsync(userId, ct));
        return Unit.Value;
    }
}
