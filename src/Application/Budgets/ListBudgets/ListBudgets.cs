using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Paging;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Budgets;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Budgets.ListBudgets;

public sealed record ListBudgetsQuery(int Limit = PageLimits.Default, string? Cursor = null) : IQuery<Page<BudgetDto>>, IPageRequest;

public sealed class ListBudgetsQueryHandler(IReadRepository<Budget> budgets, IMapper mapper)
    : ListPageHandler<ListBudgetsQuery, Budget, BudgetDto>(budgets, mapper);

internal sealed class ListBudgetsQueryValidator : PageRequestValidator<ListBudgetsQuery>;
