using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Goals;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Goals.CreateGoal;

public sealed record CreateGoalCommand(string Name, decimal TargetAmount, decimal? CurrentAmount, DateOnly TargetDate, GoalPriority Priority)
    : ICommand<GoalDto>, IGoalDefinition, ITransactional;

public sealed class CreateGoalCommandHandler(IRepository<Goal> goals, ICurrentUser currentUser, IMapper mapper) : ICommandHandler<CreateGoalCommand, GoalDto>
{
    public async ValueTask<GoalDto> Handle(CreateGoalCommand command, CancellationToken cancellationToken)
    {
        var goal = Goal.Create(currentUser.RequiredUserId, command.Name, command.TargetAmount, command.CurrentAmount ?? 0m, command.TargetDate, command.Priority);
        goals.Add(goal);
        return mapper.Map<GoalDto>(goal);
    }
}

internal sealed class CreateGoalCommandValidator : GoalDefinitionValidator<CreateGoalCommand>;
