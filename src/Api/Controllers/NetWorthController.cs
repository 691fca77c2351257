using FinInfra.Api.Idempotency;
using FinInfra.Application.NetWorth;
using FinInfra.Application.NetWorth.GetNetWorth;
using FinInfra.Application.NetWorth.ListNetWorthSnapshots;
using FinInfra.Application.NetWorth.TakeNetWorthSnapshot;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FinInfra.Api.Controllers;

[Tags("Net worth")]
public sealed class NetWorthController : ApiControllerBase
{
    /// <summary>Net worth computed now from live accounts (not stored). Accounts in another currency are listed, not counted.</summary>
    [HttpGet("/api/v1/net-worth")]
    public async Task<NetWorthDto> Current([FromQuery] string? currency, CancellationToken cancellationToken) =>
        await Sender.Send(new GetNetWorthQuery(currency), cancellationToken);

    /// <summary>Stores the day's snapshot: 201 when it is the day's first, 200 when it replaced the day's earlier one.</summary>
    [Idempotent]
    [HttpPost("/api/v1/net-worth/snapshots")]
    [ProducesResponseType<NetWorthDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<NetWorthDto>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Take([FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] TakeSnapshotRequest? request, CancellationToken cancellationToken)
    {
        var (snapshot, created) = await Sender.Send(new TakeNetWorthSnapshotCommand(request?.Date, request?.Currency), cancellationToken);
        return created ? Created($"/api/v1/net-worth/snapshots?from={snapshot.SnapshotDate:yyyy-MM-dd}&to={snapshot.SnapshotDate:yyyy-MM-dd}", snapshot) : Ok(snapshot);
    }

    /// <summary>Stored snapshots in [from, to], oldest first (default: the last year).</summary>
    [HttpGet("/api/v1/net-worth/snapshots")]
    public async Task<IReadOnlyList<NetWorthDto>> History([FromQuery] DateOnly? from, [FromQuery] DateOnly? to, CancellationToken cancellationToken) =>
        await Sender.Send(new ListNetWorthSnapshotsQuery(from, to), cancellationToken);

    public sealed record TakeSnapshotRequest(DateOnly? Date = null, string? Currency = null);
}
