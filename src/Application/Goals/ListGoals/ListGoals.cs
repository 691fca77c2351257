using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Paging;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Goals;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Goals.ListGoals;

public sealed record ListGoalsQuery(int Limit = PageLimits.Default, string? Cursor = null) : IQuery<Page<GoalDto>>, IPageRequest;

public sealed class ListGoalsQueryHandler(IReadRepository<Goal> goals, IMapper mapper)
    : ListPageHandler<ListGoalsQuery, Goal, GoalDto>(goals, mapper);

internal sealed class ListGoalsQueryValidator : PageRequestValidator<ListGoalsQuery>;
