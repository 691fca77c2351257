using FinInfra.Application.BankSync;
using FinInfra.Application.BankSync.SyncConnection;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.Controllers;

/// <summary>Pulling a linked connection's accounts and transactions from its provider.</summary>
[Route("api/v1/bank-connections")]
[Tags("Bank sync")]
public sealed class BankSyncController : ApiControllerBase
{
    /// <summary>
    /// Syncs the connection: every page of changes since the last sync, applied together with the new cursor, or
    /// nothing at all. 409 when the bank needs the user to sign in again; 502 when the provider fails.
    /// </summary>
    [HttpPost("{id:guid}/sync")]
    [Consumes("application/json", IsOptional = true)]
    [ProducesResponseType<SyncResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway, "application/problem+json")]
    public async Task<SyncResult> Sync(Guid id, CancellationToken cancellationToken) =>
        await Sender.Send(new SyncConnectionCommand(id), cancellationToken);
}
