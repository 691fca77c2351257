using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Budgets;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Budgets.CreateBudget;

public sealed record CreateBudgetCommand(string Name, BudgetType Type, DateOnly StartDate, DateOnly? EndDate, IReadOnlyDictionary<string, decimal> Categories)
    : ICommand<BudgetDto>, IBudgetDefinition, ITransactional;

public sealed class CreateBudgetCommandHandler(IRepository<Budget> budgets, ICurrentUser currentUser, IMapper mapper)
    : ICommandHandler<CreateBudgetCommand, BudgetDto>
{
    public async ValueTask<BudgetDto> Handle(CreateBudgetCommand command, CancellationToken cancellationToken)
    {
        var budget = Budget.Create(currentUser.RequiredUserId, command.Name, command.Type, command.StartDate, command.EndDate, command.Categories);
        budgets.Add(budget);
        return mapper.Map<BudgetDto>(budget);
    }
}

internal sealed class CreateBudgetCommandValidator : BudgetDefinitionValidator<CreateBudgetCommand>;
