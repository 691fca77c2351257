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

/// <summary>
/// The request's side of the budget rules (ADR 0011): its shape (types, lengths, money scale, plain text) and every
/// rule of the aggregate that the request alone decides, answered as a 400 on the field at fault. The limits,
/// predicates and words are the aggregate's own (<see cref="Budget"/>); none is restated here.
/// </summary>
internal abstract class BudgetDefinitionValidator<T> : AbstractValidator<T> where T : IBudgetDefinition
{
    protected BudgetDefinitionValidator()
    {
        RuleFor(b => b.Name).Name(Budget.MaxNameLength);
        RuleFor(b => b.Type).IsInEnum();
        RuleFor(b => b.StartDate).NotEmpty();
        RuleFor(b => b.EndDate).Must((b, end) => Budget.EndsOnOrAfterStart(b.StartDate, end)).WithMessage(Budget.EndBeforeStartMessage);
        RuleFor(b => b.Categories).NotEmpty().WithMessage(Budget.CategoriesRequiredMessage)
            .Must(c => c.Count <= Budget.MaxCategories).WithMessage(Budget.TooManyCategoriesMessage)
            .Must(c => Budget.FirstRepeatedCategory(c.Keys) is null)
            .WithMessage(b => Budget.RepeatedCategoryMessage(Budget.FirstRepeatedCategory(b.Categories.Keys)!));
        RuleForEach(b => b.Categories).ChildRules(category =>
        {
            category.RuleFor(c => c.Key).Name(Budget.MaxCategoryNameLength).OverridePropertyName("name");
            category.RuleFor(c => c.Value).Must(Budget.IsValidLimit).WithMessage(c => Budget.LimitNotPositiveMessage(c.Key ?? ""))
                .Money().OverridePropertyName("limit");
        });
    }
}
