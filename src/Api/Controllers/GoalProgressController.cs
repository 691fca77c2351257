using FinInfra.Application.Goals.GetGoalProgress;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.Controllers;

[Tags("Goal progress")]
public sealed class GoalProgressController : ApiControllerBase
{
    /// <summary>Percent complete, remaining, months left, the monthly contribution needed and a status, as of <paramref name="date"/> (today by default).</summary>
    [HttpGet("/api/v1/goals/{id:guid}/progress")]
    [ProducesResponseType<GoalProgressDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<GoalProgressDto> Get(Guid id, [FromQuery] DateOnly? date, CancellationToken cancellationToken) =>
        await Sender.Send(new GetGoalProgressQuery(id, date), cancellationToken);
}
