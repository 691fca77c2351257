using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Goals;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Goals.UpdateGoal;

/// <summary>Replaces a goal's definition (PUT). An absent current amount keeps the saved one, so contributions are not lost.</summary>
public sealed record UpdateGoalCommand(Guid Id, string Name, decimal TargetAmount, decimal? CurrentAmount, DateOnly TargetDate, GoalPriority Priority)
    : ICommand<GoalDto>, IGoalDefinition, IByIdRequest, ITransactional;

public sealed class UpdateGoalCommandHandler(IRepository<Goal> goals, IMapper mapper) : ICommandHandler<UpdateGoalCommand, GoalDto>
{
    public async ValueTask<GoalDto> Handle(UpdateGoalCommand command, CancellationToken cancellationToken)
    {
        var goal = await goals.GetOwnedAsync(command.Id, cancellationToken);
        goal.Update(command.Name, command.TargetAmount, command.CurrentAmount ?? goal.CurrentAmount, command.TargetDate, command.Priority);
        goals.Update(goal);
        return mapper.Map<GoalDto>(goal);
    }
}

internal sealed class UpdateGoalCommandValidator : GoalDefinitionValidator<UpdateGoalCommand>;
