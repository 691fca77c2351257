using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Goals;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Goals.ContributeToGoal;

public sealed record ContributeToGoalCommand(Guid Id, decimal Amount) : ICommand<GoalDto>, IByIdRequest;

public sealed class ContributeToGoalCommandHandler(IGoalContributions contributions, IReadRepository<Goal> goals, IMapper mapper)
    : ICommandHandler<ContributeToGoalCommand, GoalDto>
{
    public async ValueTask<GoalDto> Handle(ContributeToGoalCommand command, CancellationToken cancellationToken)
    {
        // The rules are checked on a detached copy; the stored amount only ever changes by the atomic increment.
        var goal = await ReadAsync(command.Id, cancellationToken);
        goal.Contribute(command.Amount);
        if (!await contributions.AddAsync(command.Id, command.Amount, cancellationToken))
            throw NotFound(command.Id);
        return mapper.Map<GoalDto>(await ReadAsync(command.Id, cancellationToken));
    }

    private async Task<Goal> ReadAsync(Guid id, CancellationToken cancellationToken) =>
        await goals.FirstOrDefaultAsync(new GoalByIdUntrackedSpec(id), cancellationToken) ?? throw NotFound(id);

    private static NotFoundException NotFound(Guid id) => new(RepositoryExtensions.ResourceName<Goal>(), id);
}

internal sealed class ContributeToGoalCommandValidator : AbstractValidator<ContributeToGoalCommand>
{
    public ContributeToGoalCommandValidator() => RuleFor(c => c.Amount).GreaterThan(0).Money();
}
