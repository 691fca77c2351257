using FinInfra.Api.Idempotency;
using FinInfra.Application.NetWorth;
using FinInfra.Application.NetWorth.GetNetWorth;
using FinInfra.Application.NetWorth.GetNetWorthHistory;
using FinInfra.Application.NetWorth.ListNetWorthSnapshots;
using FinInfra.Application.NetWorth.TakeNetWorthSnapshot;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FinInfra.Api.Controllers;

[Tags("Net worth")]
public sealed class NetWorthController : ApiControllerBase
{
    /// <summary>
    /// Net worth (not stored): computed now from live accounts, or, with <c>date</c>, at the end of that day from the stored
    /// balance history. Accounts in another currency are listed, not counted.
    /// </summary>
    [HttpGet("/api/v1/net-worth")]
    public async Task<NetWorthDto> Current([FromQuery] string? currency, [FromQuery] DateOnly? date, CancellationToken cancellationToken) =>
        await Sender.Send(new GetNetWorthQuery(currency, date), cancellationToken);

    /// <summary>
    /// The net-worth series over [from, to] (default: the last year) from the stored balance history: one point per day,
    /// week (its Sunday) or month (its last day), each the closing of that day, plus <c>to</c>.
    /// </summary>
    [HttpGet("/api/v1/net-worth/history")]
    public async Task<NetWorthHistoryDto> Series([FromQuery] DateOnly? from, [FromQuery] DateOnly? to, [FromQuery] NetWorthInterval interval = NetWorthInterval.Day,
        [FromQuery] string? currency = null, CancellationToken cancellationToken = default) =>
        await Sender.Send(new GetNetWorthHistoryQuery(from, to, interval, currency), cancellationToken);

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
