using FinInfra.Api.ErrorHandling;
using FinInfra.Application.Auth;
using FinInfra.Application.Auth.Login;
using FinInfra.Application.Auth.Register;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace FinInfra.Api.Controllers;

[AllowAnonymous]
[EnableRateLimiting(AuthRateLimiting.Policy)]
public sealed class AuthController : ApiControllerBase
{
    public sealed record Credentials(string Email, string Password)
    {
        public override string ToString() => $"Credentials({Email}, ***)";
    }

    /// <summary>Creates an account.</summary>
    [HttpPost("register")]
    [ProducesResponseType<UserDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<UserDto>> Register(Credentials request, CancellationToken cancellationToken)
    {
        var user = await Sender.Send(new RegisterCommand(request.Email, request.Password), cancellationToken);
        return Created("/api/v1/users/me", user);
    }

    /// <summary>Exchanges an email and password for a bearer token.</summary>
    [HttpPost("login")]
    [ProducesResponseType<AccessTokenDto>(StatusCodes.Status200OK)]
    public async Task<AccessTokenDto> Login(Credentials request, CancellationToken cancellationToken) =>
        await Sender.Send(new LoginCommand(request.Email, request.Password), cancellationToken);
}
