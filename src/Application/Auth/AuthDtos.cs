using FinInfra.Domain.Users;
using Mapster;

namespace FinInfra.Application.Auth;

/// <summary>A user: <c>baseCurrency</c> is the currency money answers are in unless a request names another.</summary>
public sealed record UserDto(Guid Id, string Email, string BaseCurrency, DateTimeOffset CreatedAt);

/// <summary>
/// The answer to a successful login or refresh. <see cref="ExpiresIn"/> is the access token's lifetime in seconds;
/// <see cref="RefreshToken"/> is spent by one refresh, which answers a new pair.
/// </summary>
public sealed record AccessTokenDto(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken)
{
    public override string ToString() => $"AccessTokenDto(***, {TokenType}, {ExpiresIn}, ***)";
}

internal sealed class AuthMappings : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<User, UserDto>().MapWith(u => new UserDto(u.Id, u.Email.Value, u.BaseCurrency.Value, u.CreatedAt));
}
