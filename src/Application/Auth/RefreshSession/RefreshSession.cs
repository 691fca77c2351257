using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Users;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.Auth.RefreshSession;

/// <summary>
/// Spends a refresh token for a new token pair of the same session. Not <see cref="ITransactional"/> on purpose: when a
/// spent token comes back, the revocation of its session must stay stored although the answer is a 401.
/// </summary>
public sealed record RefreshSessionCommand(string RefreshToken) : ICommand<AccessTokenDto>
{
    public override string ToString() => "RefreshSessionCommand(***)";
}

public sealed class RefreshSessionCommandHandler(IRefreshTokens refreshTokens, IReadRepository<User> users, IDataScope dataScope,
    SessionTokens sessions, TimeProvider clock) : ICommandHandler<RefreshSessionCommand, AccessTokenDto>
{
    public const string Failure = "The refresh token is invalid, expired or already used.";

    public async ValueTask<AccessTokenDto> Handle(RefreshSessionCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var token = await refreshTokens.FindByHashAsync(SessionTokens.Hash(command.RefreshToken), cancellationToken)
                    ?? throw new UnauthorizedException(Failure);
        if (token.RevokedAt is not null || token.ExpiresAt <= now) throw new UnauthorizedException(Failure);

        // Consumed already (now, or by a request racing this one): someone holds a copy. End the whole session.
        if (token.ConsumedAt is not null || !await refreshTokens.TryConsumeAsync(token.Id, now, cancellationToken))
        {
            await refreshTokens.RevokeFamilyAsync(token.FamilyId, now, cancellationToken);
            throw new UnauthorizedException(Failure);
        }

        User? user;
        using (dataScope.BeginUserScope(token.UserId))
            user = await users.GetByIdAsync(token.UserId, cancellationToken);
        if (user is null) throw new UnauthorizedException(Failure);
        return await sessions.IssueAsync(user, token.FamilyId, cancellationToken);
    }
}

internal sealed class RefreshSessionCommandValidator : AbstractValidator<RefreshSessionCommand>
{
    public RefreshSessionCommandValidator() => RuleFor(c => c.RefreshToken).NotEmpty().MaximumLength(100);
}
