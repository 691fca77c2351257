using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Goals;
using Mediator;

namespace FinInfra.Application.Goals.DeleteGoal;

public sealed record DeleteGoalCommand(Guid Id) : ICommand, IByIdRequest, ITransactional;

public sealed class DeleteGoalCommandHandler(IRepository<Goal> goals) : SoftDeleteHandler<DeleteGoalCommand, Goal>(goals);
