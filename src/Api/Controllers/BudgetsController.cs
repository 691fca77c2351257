using FinInfra.Application.Budgets;
using FinInfra.Application.Budgets.CreateBudget;
using FinInfra.Application.Budgets.DeleteBudget;
using FinInfra.Application.Budgets.GetBudget;
using FinInfra.Application.Budgets.ListBudgets;
using FinInfra.Application.Budgets.RestoreBudget;
using FinInfra.Application.Budgets.UpdateBudget;
using FinInfra.Application.Common.Paging;
using FinInfra.Domain.Budgets;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.Controllers;

/// <summary>A budget's definition: category → limit per period, e.g. <c>{"Food": 500}</c>.</summary>
public sealed record BudgetRequest(string Name, BudgetType Type, DateOnly StartDate, IReadOnlyDictionary<string, decimal> Categories, DateOnly? EndDate = null);

public sealed class BudgetsController : ApiControllerBase
{
    /// <summary>Creates a budget.</summary>
    [HttpPost]
    [ProducesResponseType<BudgetDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<BudgetDto>> Create(BudgetRequest request, CancellationToken cancellationToken)
    {
        var budget = await Sender.Send(new CreateBudgetCommand(request.Name, request.Type, request.StartDate, request.EndDate, request.Categories), cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = budget.Id }, budget);
    }

    /// <summary>The caller's budgets, a page at a time.</summary>
    [HttpGet]
    public async Task<Page<BudgetDto>> List(int limit = PageLimits.Default, string? cursor = null, CancellationToken cancellationToken = default) =>
        await Sender.Send(new ListBudgetsQuery(limit, cursor), cancellationToken);

    /// <summary>One budget.</summary>
    [HttpGet("{id:guid}")]
    public async Task<BudgetDto> Get(Guid id, CancellationToken cancellationToken) =>
        await Sender.Send(new GetBudgetQuery(id), cancellationToken);

    /// <summary>Replaces the budget's definition.</summary>
    [HttpPut("{id:guid}")]
    public async Task<BudgetDto> Update(Guid id, BudgetRequest request, CancellationToken cancellationToken) =>
        await Sender.Send(new UpdateBudgetCommand(id, request.Name, request.Type, request.StartDate, request.EndDate, request.Categories), cancellationToken);

    /// <summary>Soft-deletes the budget.</summary>
    [HttpDelete("{id:guid}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await Sender.Send(new DeleteBudgetCommand(id), cancellationToken);
        return NoContent();
    }

    /// <summary>Restores a soft-deleted budget.</summary>
    [HttpPost("{id:guid}/restore")]
    public async Task<BudgetDto> Restore(Guid id, CancellationToken cancellationToken) =>
        await Sender.Send(new RestoreBudgetCommand(id), cancellationToken);
}
