using FinInfra.Api.Idempotency;
using FinInfra.Application.Common.Paging;
using FinInfra.Application.Goals;
using FinInfra.Application.Goals.ContributeToGoal;
using FinInfra.Application.Goals.CreateGoal;
using FinInfra.Application.Goals.DeleteGoal;
using FinInfra.Application.Goals.GetGoal;
using FinInfra.Application.Goals.ListGoals;
using FinInfra.Application.Goals.RestoreGoal;
using FinInfra.Application.Goals.UpdateGoal;
using FinInfra.Domain.Goals;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.Controllers;

public sealed record GoalRequest(string Name, decimal TargetAmount, DateOnly TargetDate, GoalPriority Priority, decimal? CurrentAmount = null);

public sealed record ContributionRequest(decimal Amount);

public sealed class GoalsController : ApiControllerBase
{
    /// <summary>Creates a savings goal.</summary>
    [HttpPost]
    [ProducesResponseType<GoalDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<GoalDto>> Create(GoalRequest request, CancellationToken cancellationToken)
    {
        var goal = await Sender.Send(new CreateGoalCommand(request.Name, request.TargetAmount, request.CurrentAmount, request.TargetDate, request.Priority), cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = goal.Id }, goal);
    }

    /// <summary>The caller's goals, a page at a time.</summary>
    [HttpGet]
    public async Task<Page<GoalDto>> List(int limit = PageLimits.Default, string? cursor = null, CancellationToken cancellationToken = default) =>
        await Sender.Send(new ListGoalsQuery(limit, cursor), cancellationToken);

    /// <summary>One goal.</summary>
    [HttpGet("{id:guid}")]
    public async Task<GoalDto> Get(Guid id, CancellationToken cancellationToken) =>
        await Sender.Send(new GetGoalQuery(id), cancellationToken);

    /// <summary>Replaces the goal's definition; without <c>currentAmount</c> the saved amount is kept.</summary>
    [HttpPut("{id:guid}")]
    public async Task<GoalDto> Update(Guid id, GoalRequest request, CancellationToken cancellationToken) =>
        await Sender.Send(new UpdateGoalCommand(id, request.Name, request.TargetAmount, request.CurrentAmount, request.TargetDate, request.Priority), cancellationToken);

    /// <summary>Soft-deletes the goal.</summary>
    [HttpDelete("{id:guid}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await Sender.Send(new DeleteGoalCommand(id), cancellationToken);
        return NoContent();
    }

    /// <summary>Restores a soft-deleted goal.</summary>
    [HttpPost("{id:guid}/restore")]
    public async Task<GoalDto> Restore(Guid id, CancellationToken cancellationToken) =>
        await Sender.Send(new RestoreGoalCommand(id), cancellationToken);

    /// <summary>Adds to the goal's current amount; simultaneous contributions are all kept.</summary>
    [Idempotent]
    [HttpPost("{id:guid}/contributions")]
    public async Task<GoalDto> Contribute(Guid id, ContributionRequest request, CancellationToken cancellationToken) =>
        await Sender.Send(new ContributeToGoalCommand(id, request.Amount), cancellationToken);
}
