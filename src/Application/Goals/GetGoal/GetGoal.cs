using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Goals;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Goals.GetGoal;

public sealed record GetGoalQuery(Guid Id) : IQuery<GoalDto>, IByIdRequest;

public sealed class GetGoalQueryHandler(IReadRepository<Goal> goals, IMapper mapper)
    : GetByIdHandler<GetGoalQuery, Goal, GoalDto>(goals, mapper);
