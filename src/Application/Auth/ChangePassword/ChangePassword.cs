using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Users;
using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace FinInfra.Application.Auth.ChangePassword;

/// <summary>
/// Replaces the caller's password and ends every session, this one included. Not <see cref="ITransactional"/>: the
/// two password hashes run first, outside any transaction; the handler then asks the unit of work for one
/// transaction around the stored change (the new hash and the revoked refresh tokens together).
/// </summary>
public sealed record ChangePasswordCommand(string CurrentPassword, string NewPassword) : ICommand
{
    public override string ToString() => "ChangePasswordCommand(***, ***)";
}

public sealed class ChangePasswordCommandHandler(IRepository<User> users, ICurrentUser currentUser, IPasswordHasher hasher,
    IRefreshTokens refreshTokens, ISecurityStampCache stamps, IUnitOfWork unitOfWork, TimeProvider clock) : ICommandHandler<ChangePasswordCommand>
{
    public const string WrongPassword = "The current password is not correct.";

    public async ValueTask<Unit> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var user = await users.GetByIdAsync(currentUser.RequiredUserId, cancellationToken)
                   ?? throw new UnauthorizedException("The account behind this token no longer exists.");
        if (!hasher.Verify(command.CurrentPassword, user.HashedPassword))
            throw new ValidationException([new ValidationFailure(nameof(command.CurrentPassword), WrongPassword)]);
        var newHash = hasher.Hash(command.NewPassword);

        await unitOfWork.ExecuteInTransactionAsync(async ct =>
        {
            user.ChangePasswordHash(newHash);
            users.Update(user);
            await refreshTokens.RevokeAllAsync(user.Id, clock.GetUtcNow(), ct);
            return Unit.Value;
        }, cancellationToken);
        stamps.Forget(user.Id);
        return Unit.Value;
    }
}

internal sealed class ChangePasswordCommandValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordCommandValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().MaximumLength(CredentialRules.PasswordMaximumLength);
        RuleFor(c => c.NewPassword).NotEmpty().Length(CredentialRules.PasswordMinimumLength, CredentialRules.PasswordMaximumLength);
    }
}
