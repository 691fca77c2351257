using FinInfra.Api.ErrorHandling;
using FinInfra.Application.Auth;
using FinInfra.Application.Auth.ChangePassword;
using FinInfra.Application.Auth.Login;
using FinInfra.Application.Auth.Logout;
using FinInfra.Application.Auth.RefreshSession;
using FinInfra.Application.Auth.Register;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.Controllers;

[LimitedPerClient]
public sealed class AuthController : ApiControllerBase
{
    public sealed record Credentials(string Email, string Password)
    {
        public override string ToString() => $"Credentials({Email}, ***)";
    }

    public sealed record RefreshRequest(string RefreshToken)
    {
        public override string ToString() => "RefreshRequest(***)";
    }

    public sealed record PasswordChange(string CurrentPassword, string NewPassword)
    {
        public override string ToString() => "PasswordChange(***, ***)";
    }

    /// <summary>Creates an account.</summary>
    [AllowAnonymous]
    [HashesPassword]
    [HttpPost("register")]
    [ProducesResponseType<UserDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<UserDto>> Register(Credentials request, CancellationToken cancellationToken)
    {
        var user = await Sender.Send(new RegisterCommand(request.Email, request.Password), cancellationToken);
        return Created("/api/v1/users/me", user);
    }

    /// <summary>Exchanges an email and password for a short-lived bearer token and a refresh token.</summary>
    [AllowAnonymous]
    [HashesPassword]
    [HttpPost("login")]
    [ProducesResponseType<AccessTokenDto>(StatusCodes.Status200OK)]
    public async Task<AccessTokenDto> Login(Credentials request, CancellationToken cancellationToken) =>
        await Sender.Send(new LoginCommand(request.Email, request.Password), cancellationToken);

    /// <summary>Spends a refresh token for a new token pair; a refresh token used twice ends its session.</summary>
    [AllowAnonymous]
    [HttpPost("refresh")]
    [ProducesResponseType<AccessTokenDto>(StatusCodes.Status200OK)]
    public async Task<AccessTokenDto> Refresh(RefreshRequest request, CancellationToken cancellationToken) =>
        await Sender.Send(new RefreshSessionCommand(request.RefreshToken), cancellationToken);

    /// <summary>Ends every session of the signed-in user: all their access and refresh tokens stop working.</summary>
    [HttpPost("logout")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Logout(CancellationToken cancellationToken)
    {
        await Sender.Send(new LogoutCommand(), cancellationToken);
        return NoContent();
    }

    /// <summary>Changes the signed-in user's password and ends every session, this one included.</summary>
    [HashesPassword]
    [HttpPost("password")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> ChangePassword(PasswordChange request, CancellationToken cancellationToken)
    {
        await Sender.Send(new ChangePasswordCommand(request.CurrentPassword, request.NewPassword), cancellationToken);
        return NoContent();
    }
}
