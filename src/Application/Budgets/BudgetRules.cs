using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Budgets;
using FluentValidation;

namespace FinInfra.Application.Budgets;

/// <summary>What a budget's definition must satisfy, for both create and replace.</summary>
public interface IBudgetDefinition
{
    string Name { get; }
    BudgetType Type { get; }
    DateOnly StartDate { get; }
    DateOnly? EndDate { get; }
    IReadOnlyDictionary<string, decimal> Categories { get; }
}

internal abstract class BudgetDefinitionValidator<T> : AbstractValidator<T> where T : IBudgetDefinition
{
    protected BudgetDefinitionValidator()
    {
        RuleFor(b => b.Name).Name();
        RuleFor(b => b.Type).IsInEnum();
        RuleFor(b => b.StartDate).NotEmpty();
        RuleFor(b => b.EndDate).GreaterThanOrEqualTo(b => b.StartDate).When(b => b.EndDate is not null)
            .WithMessage("'End Date' must be on or after the start date.");
        RuleFor(b => b.Categories).NotEmpty().WithMessage("A budget needs at least one category.")
            .Must(c => c.Count <= 200).WithMessage("A budget has at most 200 categories.")
            .Must(c => c.Keys.Select(k => k.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() == c.Count)
            .WithMessage("Category names must be unique (they compare case-insensitively).");
        RuleForEach(b => b.Categories).ChildRules(category =>
        {
            category.RuleFor(c => c.Key).Name().OverridePropertyName("name");
            category.RuleFor(c => c.Value).GreaterThan(0).Money().OverridePropertyName("limit");
        });
    }
}
