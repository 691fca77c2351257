using FinInfra.Application.Auth;
using FinInfra.Application.Users.DeleteCurrentUser;
using FinInfra.Application.Users.ExportCurrentUser;
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

    /// <summary>
    /// The signed-in user's own data as one zip archive (format <c>fininfra-user-export</c>, versioned; docs/database.md):
    /// a manifest, JSON per table and the document files. Never holds the password hash, sessions or bank access tokens.
    /// </summary>
    [HttpGet("me/export")]
    [ProducesResponseType<Stream>(StatusCodes.Status200OK, "application/zip")]
    public async Task<IActionResult> Export(CancellationToken cancellationToken)
    {
        var export = await Sender.Send(new ExportCurrentUserQuery(), cancellationToken);
        // Personal data: no cache, not even the browser's, keeps a copy.
        Response.Headers.CacheControl = "no-store";
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(export.Content, export.ContentType, export.FileName);
    }

    /// <summary>Deletes the signed-in user and everything they own.</summary>
    [HttpDelete("me")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> DeleteMe(CancellationToken cancellationToken)
    {
        await Sender.Send(new DeleteCurrentUserCommand(), cancellationToken);
        return NoContent();
    }
}
