using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;

namespace FinInfra.Domain.Budgets;

public enum BudgetType { Weekly, Monthly, Annual }

/// <summary>A budget period: both ends inclusive.</summary>
public readonly record struct BudgetPeriod(DateOnly Start, DateOnly End)
{
    public bool Contains(DateOnly day) => day >= Start && day <= End;
}

public sealed class Budget : SoftDeletableEntity
{
    private Budget() { Name = null!; }

    private Budget(Guid userId) : base(userId) { Name = null!; }

    public string Name { get; private set; }
    public BudgetType Type { get; private set; }
    public DateOnly StartDate { get; private set; }
    public DateOnly? EndDate { get; private set; }

    /// <summary>Category → limit for one period. Names are unique case-insensitively; every limit is positive.</summary>
    public IReadOnlyDictionary<string, decimal> Categories { get; private set; } = new Dictionary<string, decimal>(CategoryKey.Comparer);

    public static Budget Create(Guid userId, string name, BudgetType type, DateOnly startDate, DateOnly? endDate, IEnumerable<KeyValuePair<string, decimal>> categories)
    {
        var budget = new Budget(userId);
        budget.Update(name, type, startDate, endDate, categories);
        return budget;
    }

    public void Update(string name, BudgetType type, DateOnly startDate, DateOnly? endDate, IEnumerable<KeyValuePair<string, decimal>> categories)
    {
        if (!Enum.IsDefined(type)) throw new DomainRuleException("budget.type", "Unknown budget type.");
        if (startDate == default) throw new DomainRuleException("budget.start_date", "Start date is required.");
        if (endDate < startDate)
            throw new DomainRuleException("budget.end_before_start", "End date must be on or after the start date.");
        var newCategories = new Dictionary<string, decimal>(CategoryKey.Comparer);
        foreach (var (rawName, limit) in categories ?? [])
        {
            var category = Guard.Text(rawName, "budget.category_name", "Category name");
            if (limit <= 0)
                throw new DomainRuleException("budget.limit_positive", $"The limit for '{category}' must be greater than zero.");
            if (!newCategories.TryAdd(category, Guard.Money(limit, "budget.limit", $"The limit for '{category}'")))
                throw new DomainRuleException("budget.category_duplicate", $"Category '{category}' appears more than once (names compare case-insensitively, Unicode-aware).");
        }
        if (newCategories.Count == 0)
            throw new DomainRuleException("budget.categories_required", "A budget needs at least one category.");

        Name = Guard.Text(name, "budget.name", "Name");
        Type = type;
        StartDate = startDate;
        EndDate = endDate;
        Categories = newCategories;
    }

    /// <summary>
    /// The period that contains <paramref name="day"/>, anchored at the start date: weekly periods are 7 days,
    /// monthly ones are calendar months from the start day (a start on the 31st clamps to shorter months
    /// without drifting), annual ones 12 months. The last period is cut at the end date. Null outside the budget.
    /// </summary>
    public BudgetPeriod? PeriodContaining(DateOnly day)
    {
        if (day < StartDate || day > EndDate) return null;
        BudgetPeriod period;
        if (Type == BudgetType.Weekly)
        {
            var start = StartDate.AddDays((day.DayNumber - StartDate.DayNumber) / 7 * 7);
            period = new BudgetPeriod(start, start.DayNumber > DateOnly.MaxValue.DayNumber - 6 ? DateOnly.MaxValue : start.AddDays(6));
        }
        else
        {
            var step = Type == BudgetType.Annual ? 12 : 1;
            var index = ((day.Year - StartDate.Year) * 12 + day.Month - StartDate.Month) / step;
            while (index > 0 && StartDate.AddMonths(index * step) > day) index--;
            while (MonthsAfterStart((index + 1) * step) is { } next && next <= day) index++;
            period = new BudgetPeriod(StartDate.AddMonths(index * step), MonthsAfterStart((index + 1) * step)?.AddDays(-1) ?? DateOnly.MaxValue);
        }
        return EndDate is { } end && period.End > end ? period with { End = end } : period;
    }

    /// <summary>The start date moved on by whole months (clamped to shorter months); null past the last representable day.</summary>
    private DateOnly? MonthsAfterStart(int months) =>
        months > (DateOnly.MaxValue.Year - StartDate.Year) * 12 + DateOnly.MaxValue.Month - StartDate.Month ? null : StartDate.AddMonths(months);

    public override string ToString() => $"Budget {Id} ({Type})";
}
