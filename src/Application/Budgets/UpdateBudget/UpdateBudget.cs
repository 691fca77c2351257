using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Budgets;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Budgets.UpdateBudget;

/// <summary>Replaces a budget's whole definition (PUT).</summary>
public sealed record UpdateBudgetCommand(Guid Id, string Name, BudgetType Type, DateOnly StartDate, DateOnly? EndDate, IReadOnlyDictionary<string, decimal> Categories)
    : ICommand<BudgetDto>, IBudgetDefinition, IByIdRequest, ITransactional;

public sealed class UpdateBudgetCommandHandler(IRepository<Budget> budgets, IMapper mapper) : ICommandHandler<UpdateBudgetCommand, BudgetDto>
{
    public async ValueTask<BudgetDto> Handle(UpdateBudgetCommand command, CancellationToken cancellationToken)
    {
        var budget = await budgets.GetOwnedAsync(command.Id, cancellationToken);
        budget.Update(command.Name, command.Type, command.StartDate, command.EndDate, command.Categories);
        budgets.Update(budget);
        return mapper.Map<BudgetDto>(budget);
    }
}

internal sealed class UpdateBudgetCommandValidator : BudgetDefinitionValidator<UpdateBudgetCommand>;
