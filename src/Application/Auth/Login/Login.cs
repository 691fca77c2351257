using System.Runtime.CompilerServices;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Common;
using FinInfra.Domain.Users;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.Auth.Login;

/// <summary>Issues an access token for an email and password. A read: it stores nothing and is not transactional, so the slow hash holds no lock.</summary>
public sealed record LoginCommand(string Email, string Password) : ICommand<AccessTokenDto>
{
    public override string ToString() => $"LoginCommand({Email}, ***)";
}

public sealed class LoginCommandHandler(IReadRepository<User> users, IDataScope dataScope, IPasswordHasher hasher, IAccessTokenIssuer tokens)
    : ICommandHandler<LoginCommand, AccessTokenDto>
{
    public const string Failure = "Invalid email or password.";

    // One throwaway hash per hasher: an unknown email costs the same hashing work as a wrong password.
    private static readonly ConditionalWeakTable<IPasswordHasher, string> DummyHashes = new();

    public async ValueTask<AccessTokenDto> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        User? user = null;
        if (Email.IsValid(command.Email))
        {
            // Nobody is signed in yet, so finding the account by address needs the system scope, for this one query.
            using (dataScope.BeginSystemScope())
                user = await users.SingleOrDefaultAsync(new UserByEmailSpec(Email.Create(command.Email)), cancellationToken);
        }

        var hash = user?.HashedPassword ?? DummyHashes.GetValue(hasher, h => h.Hash(Guid.NewGuid().ToString()));
        var verified = hasher.Verify(command.Password, hash);
        if (user is null || !verified) throw new UnauthorizedException(Failure);

        var token = tokens.Issue(user.Id);
        return new AccessTokenDto(token.Token, "Bearer", (int)token.Lifetime.TotalSeconds);
    }
}

internal sealed class LoginCommandValidator : AbstractValidator<LoginCommand>
{
    public LoginCommandValidator()
    {
        RuleFor(c => c.Email).NotEmpty().Text(254);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(CredentialRules.PasswordMaximumLength);
    }
}
