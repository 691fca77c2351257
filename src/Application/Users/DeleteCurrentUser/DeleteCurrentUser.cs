using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Users;
using Mediator;

namespace FinInfra.Application.Users.DeleteCurrentUser;

/// <summary>Deletes the caller's account and, through the database's cascading foreign keys, everything it owns.</summary>
public sealed record DeleteCurrentUserCommand : ICommand, ITransactional;

public sealed class DeleteCurrentUserCommandHandler(IRepository<User> users, ICurrentUser currentUser, ISecurityStampCache stamps)
    : ICommandHandler<DeleteCurrentUserCommand>
{
    public async ValueTask<Unit> Handle(DeleteCurrentUserCommand command, CancellationToken cancellationToken)
    {
        var user = await users.GetByIdAsync(currentUser.RequiredUserId, cancellationToken)
                   ?? throw new UnauthorizedException("The account behind this token no longer exists.");
        users.Delete(user);
        stamps.Forget(user.Id);
        return Unit.Value;
    }
}
