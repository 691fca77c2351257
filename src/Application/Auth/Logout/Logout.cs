using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Users;
using Mediator;

namespace FinInfra.Application.Auth.Logout;

/// <summary>Ends every session of the caller: every access token and every refresh token issued so far stops working.</summary>
public sealed record LogoutCommand : ICommand, ITransactional;

public sealed class LogoutCommandHandler(IRepository<User> users, ICurrentUser currentUser, IRefreshTokens refreshTokens,
    ISecurityStampCache stamps, TimeProvider clock) : ICommandHandler<LogoutCommand>
{
    public async ValueTask<Unit> Handle(LogoutCommand command, CancellationToken cancellationToken)
    {
        var user = await users.GetByIdAsync(currentUser.RequiredUserId, cancellationToken)
                   ?? throw new UnauthorizedException("The account behind this token no longer exists.");
        user.EndAllSessions();
        users.Update(user);
        await refreshTokens.RevokeAllAsync(user.Id, clock.GetUtcNow(), cancellationToken);
        stamps.Forget(user.Id);
        return Unit.Value;
    }
}
