using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Goals;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Goals.ContributeToGoal;

public sealed record ContributeToGoalCommand(Guid Id, decimal Amount) : ICommand<GoalDto>, IByIdRequest, ITransactional;

public sealed class ContributeToGoalCommandHandler(IGoalContributions contributions, IReadRepository<Goal> goals, IMapper mapper)
    : ICommandHandler<ContributeToGoalCommand, GoalDto>
{
    public async ValueTask<GoalDto> Handle(ContributeToGoalCommand command, CancellationToken cancellationToken)
    {
        // The rules are checked on a detached copy; the stored amount only ever changes by the atomic increment.
        // (The read repository tracks nothing, so the second read sees the stored row, not a cached copy.)
        var goal = await goals.GetOwnedAsync(command.Id, cancellationToken);
        goal.Contribute(command.Amount);
        if (!await contributions.AddAsync(command.Id, command.Amount, cancellationToken))
            throw new NotFoundException(RepositoryExtensions.ResourceName<Goal>(), command.Id);
        return mapper.Map<GoalDto>(await goals.GetOwnedAsync(command.Id, cancellationToken));
    }
}

internal sealed class ContributeToGoalCommandValidator : AbstractValidator<ContributeToGoalCommand>
{
    public ContributeToGoalCommandValidator() =>
        RuleFor(c => c.Amount).Must(Goal.IsValidContribution).WithMessage(Goal.ContributionNotPositiveMessage).Money();
}
