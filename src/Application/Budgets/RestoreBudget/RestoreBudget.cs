using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Budgets;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Budgets.RestoreBudget;

public sealed record RestoreBudgetCommand(Guid Id) : ICommand<BudgetDto>, IByIdRequest, ITransactional;

public sealed class RestoreBudgetCommandHandler(IRepository<Budget> budgets, IMapper mapper)
    : RestoreHandler<RestoreBudgetCommand, Budget, BudgetDto>(budgets, mapper);
