using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Budgets;
using Mediator;

namespace FinInfra.Application.Budgets.DeleteBudget;

public sealed record DeleteBudgetCommand(Guid Id) : ICommand, IByIdRequest, ITransactional;

public sealed class DeleteBudgetCommandHandler(IRepository<Budget> budgets) : SoftDeleteHandler<DeleteBudgetCommand, Budget>(budgets);
