using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Common;
using FinInfra.Domain.Users;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.Auth.Register;

public sealed record RegisterCommand(string Email, string Password) : ICommand<UserDto>
{
    public override string ToString() => $"RegisterCommand({Email}, ***)";
}

public sealed class RegisterCommandHandler(IRepository<User> users, IDataScope dataScope, IPasswordHasher hasher, MapsterMapper.IMapper mapper)
    : ICommandHandler<RegisterCommand, UserDto>
{
    public async ValueTask<UserDto> Handle(RegisterCommand command, CancellationToken cancellationToken)
    {
        var email = Email.Create(command.Email);
        // Users are only visible to themselves; checking for a taken address needs the system scope, briefly.
        using (dataScope.BeginSystemScope())
        {
            if (await users.AnyAsync(new UserByEmailSpec(email), cancellationToken))
                throw new ConflictException("An account with this email already exists.", "user.email_taken");
        }
        // Not transactional, so the deliberately slow hash holds no lock. A concurrent registration of the same address
        // loses on the unique index when the pipeline commits, which also answers 409.
        var user = User.Register(email, hasher.Hash(command.Password));
        users.Add(user);
        return mapper.Map<UserDto>(user);
    }
}

internal sealed class RegisterCommandValidator : AbstractValidator<RegisterCommand>
{
    public RegisterCommandValidator()
    {
        RuleFor(c => c.Email).ValidEmail();
        RuleFor(c => c.Password).NotEmpty().Length(CredentialRules.PasswordMinimumLength, CredentialRules.PasswordMaximumLength);
    }
}
