using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Goals;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Goals.RestoreGoal;

public sealed record RestoreGoalCommand(Guid Id) : ICommand<GoalDto>, IByIdRequest, ITransactional;

public sealed class RestoreGoalCommandHandler(IRepository<Goal> goals, IMapper mapper)
    : RestoreHandler<RestoreGoalCommand, Goal, GoalDto>(goals, mapper);
