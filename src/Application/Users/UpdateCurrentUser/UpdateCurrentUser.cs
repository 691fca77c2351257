using FinInfra.Application.Auth;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Common;
using FinInfra.Domain.Users;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Users.UpdateCurrentUser;

/// <summary>Changes the caller's settings; absent fields stay. <paramref name="BaseCurrency"/> is the currency of every money answer by default.</summary>
public sealed record UpdateCurrentUserCommand(string? BaseCurrency) : ICommand<UserDto>, ITransactional;

public sealed class UpdateCurrentUserCommandHandler(IRepository<User> users, ICurrentUser currentUser, IMapper mapper)
    : ICommandHandler<UpdateCurrentUserCommand, UserDto>
{
    public async ValueTask<UserDto> Handle(UpdateCurrentUserCommand command, CancellationToken cancellationToken)
    {
        var user = await users.GetByIdAsync(currentUser.RequiredUserId, cancellationToken)
                   ?? throw new UnauthorizedException("The account behind this token no longer exists.");
        if (command.BaseCurrency is not null) user.SetBaseCurrency(new CurrencyCode(command.BaseCurrency));
        users.Update(user);
        return mapper.Map<UserDto>(user);
    }
}

internal sealed class UpdateCurrentUserCommandValidator : AbstractValidator<UpdateCurrentUserCommand>
{
    public UpdateCurrentUserCommandValidator() => RuleFor(c => c.BaseCurrency).Currency();
}
