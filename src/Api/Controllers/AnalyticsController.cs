using FinInfra.Application.Analytics.GetCashFlow;
using FinInfra.Application.Analytics.GetSpending;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.Controllers;

public sealed class AnalyticsController : ApiControllerBase
{
    /// <summary>Spending over [from, to] by category or by month in one currency (refunds net against purchases within an expense category).</summary>
    [HttpGet("spending")]
    public async Task<SpendingDto> Spending([FromQuery] DateOnly? from, [FromQuery] DateOnly? to, [FromQuery] string? groupBy,
        [FromQuery] bool includePending = true, [FromQuery] string? currency = null, CancellationToken cancellationToken = default) =>
        await Sender.Send(new GetSpendingQuery(from, to, groupBy, includePending, currency), cancellationToken);

    /// <summary>Income, spending and net for every calendar month of [from, to].</summary>
    [HttpGet("cash-flow")]
    public async Task<CashFlowDto> CashFlow([FromQuery] DateOnly? from, [FromQuery] DateOnly? to, [FromQuery] bool includePending = true,
        [FromQuery] string? currency = null, CancellationToken cancellationToken = default) =>
        await Sender.Send(new GetCashFlowQuery(from, to, includePending, currency), cancellationToken);
}
