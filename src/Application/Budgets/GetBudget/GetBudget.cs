using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Budgets;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Budgets.GetBudget;

public sealed record GetBudgetQuery(Guid Id) : IQuery<BudgetDto>, IByIdRequest;

public sealed class GetBudgetQueryHandler(IReadRepository<Budget> budgets, IMapper mapper)
    : GetByIdHandler<GetBudgetQuery, Budget, BudgetDto>(budgets, mapper);
