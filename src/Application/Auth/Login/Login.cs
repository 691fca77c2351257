using System.Runtime.CompilerServices;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Common;
using FinInfra.Domain.Users;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.Auth.Login;

/// <summary>
/// Starts a session. Not <see cref="ITransactional"/>: the password hash (the slow part) must not hold a database
/// transaction open, and the one write, the session's first refresh token, is a single insert.
/// </summary>
public sealed record LoginCommand(string Email, string Password) : ICommand<AccessTokenDto>
{
    public override string ToString() => $"LoginCommand({Email}, ***)";
}

public sealed class LoginCommandHandler(IReadRepository<User> users, IDataScope dataScope, IPasswordHasher hasher, SessionTokens sessions,
    ILoginThrottle throttle, IRequestOrigin origin) : ICommandHandler<LoginCommand, AccessTokenDto>
{
    public const string Failure = "Invalid email or password.";

    // One throwaway hash per hasher: an unknown email costs the same hashing work as a wrong password.
    private static readonly ConditionalWeakTable<IPasswordHasher, string> DummyHashes = new();

    public async ValueTask<AccessTokenDto> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        // Checked before any hashing, and for unknown addresses alike: a throttled guess costs no CPU and reveals nothing.
        var account = command.Email.Trim().ToLowerInvariant();
        var network = origin.ClientNetwork;
        if (throttle.RetryAfter(account, network) is { } wait) throw new TooManyAttemptsException(wait);

        User? user = null;
        if (Email.IsValid(command.Email))
        {
            // Nobody is signed in yet, so finding the account by address needs the system scope, for this one query.
            using (dataScope.BeginSystemScope())
                user = await users.SingleOrDefaultAsync(new UserByEmailSpec(Email.Create(command.Email)), cancellationToken);
        }

        var hash = user?.HashedPassword ?? DummyHashes.GetValue(hasher, h => h.Hash(Guid.NewGuid().ToString()));
        var verified = hasher.Verify(command.Password, hash);
        if (user is null || !verified)
        {
            throttle.RecordFailure(account, network);
            throw new UnauthorizedException(Failure);
        }
        throttle.RecordSuccess(account, network);

        return await sessions.IssueAsync(user, familyId: Guid.CreateVersion7(), cancellationToken);
    }
}

internal sealed class LoginCommandValidator : AbstractValidator<LoginCommand>
{
    public LoginCommandValidator()
    {
        RuleFor(c => c.Email).NotEmpty().Text(Email.MaxLength);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(CredentialRules.PasswordMaximumLength);
    }
}
