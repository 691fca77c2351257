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

internal abstract class GoalDefinitionValidator<T> : AbstractValidator<T> where T : IGoalDefinition
{
    protected GoalDefinitionValidator()
    {
        RuleFor(g => g.Name).Name();
        RuleFor(g => g.TargetAmount).GreaterThan(0).Money();
        RuleFor(g => g.CurrentAmount).GreaterThanOrEqualTo(0).Money();
        RuleFor(g => g.TargetDate).NotEmpty();
        RuleFor(g => g.Priority).IsInEnum();
    }
}
