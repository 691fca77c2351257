using FinInfra.Application.Auth;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Users;
using Mediator;

namespace FinInfra.Application.Users.GetCurrentUser;

public sealed record GetCurrentUserQuery : IQuery<UserDto>;

public sealed class GetCurrentUserQueryHandler(IReadRepository<User> users, ICurrentUser currentUser, MapsterMapper.IMapper mapper)
    : IQueryHandler<GetCurrentUserQuery, UserDto>
{
    public async ValueTask<UserDto> Handle(GetCurrentUserQuery query, CancellationToken cancellationToken)
    {
        // A valid token for a deleted account is treated like no token at all.
        var user = await users.GetByIdAsync(currentUser.RequiredUserId, cancellationToken)
                   ?? throw new UnauthorizedException("The account behind this token no longer exists.");
        return mapper.Map<UserDto>(user);
    }
}
