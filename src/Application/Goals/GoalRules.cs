using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Goals;
using FluentValidation;

namespace FinInfra.Application.Goals;

/// <summary>What a goal's definition must satisfy, for both create and replace.</summary>
public interface IGoalDefinition
{
    string Name { get; }
    decimal TargetAmount { get; }
    decimal? CurrentAmount { get; }
    DateOnly TargetDate { get; }
    GoalPriority Priority { get; }
}

/// <summary>
/// The request's side of the goal rules (ADR 0011): its shape, and the aggregate's rules the request alone decides,
/// answered as a 400 with the aggregate's own limits, predicates and words (<see cref="Goal"/>).
/// </summary>
internal abstract class GoalDefinitionValidator<T> : AbstractValidator<T> where T : IGoalDefinition
{
    protected GoalDefinitionValidator()
    {
        RuleFor(g => g.Name).Name(Goal.MaxNameLength);
        RuleFor(g => g.TargetAmount).Must(Goal.IsValidTarget).WithMessage(Goal.TargetNotPositiveMessage).Money();
        RuleFor(g => g.CurrentAmount).Must(c => c is null || Goal.IsValidCurrent(c.Value)).WithMessage(Goal.CurrentNegativeMessage).Money();
        RuleFor(g => g.TargetDate).NotEmpty();
        RuleFor(g => g.Priority).IsInEnum();
    }
}
