using FinInfra.Application.Auth;
using FinInfra.Application.Users.DeleteCurrentUser;
using FinInfra.Application.Users.GetCurrentUser;
using FinInfra.Application.Users.UpdateCurrentUser;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.Controllers;

public sealed record UpdateUserRequest(string? BaseCurrency = null);

public sealed class UsersController : ApiControllerBase
{
    /// <summary>The signed-in user.</summary>
    [HttpGet("me")]
    public async Task<UserDto> Me(CancellationToken cancellationToken) =>
        await Sender.Send(new GetCurrentUserQuery(), cancellationToken);

    /// <summary>Changes the signed-in user's settings (<c>baseCurrency</c>).</summary>
    [HttpPatch("me")]
    public async Task<UserDto> UpdateMe(UpdateUserRequest request, CancellationToken cancellationToken) =>
        await Sender.Send(new UpdateCurrentUserCommand(request.BaseCurrency), cancellationToken);

    /// <summary>Deletes the signed-in user and everything they own.</summary>
    [HttpDelete("me")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> DeleteMe(CancellationToken cancellationToken)
    {
        await Sender.Send(new DeleteCurrentUserCommand(), cancellationToken);
        return NoContent();
    }
}
