using FinInfra.Application.Budgets.GetBudgetProgress;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.Controllers;

[Tags("Budget progress")]
public sealed class BudgetProgressController : ApiControllerBase
{
    /// <summary>
    /// Limit, spent, remaining and status per category for the budget period containing <paramref name="date"/> (today by
    /// default), in <paramref name="currency"/> (the user's base currency by default); other currencies are listed, not counted.
    /// </summary>
    [HttpGet("/api/v1/budgets/{id:guid}/progress")]
    [ProducesResponseType<BudgetProgressDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<BudgetProgressDto> Get(Guid id, [FromQuery] DateOnly? date, [FromQuery] bool includePending = true, [FromQuery] string? currency = null,
        CancellationToken cancellationToken = default) =>
        await Sender.Send(new GetBudgetProgressQuery(id, date, includePending, currency), cancellationToken);
}
