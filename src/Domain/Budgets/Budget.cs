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

    // The budget rules a request can break, stated once: the aggregate enforces them whatever the source, and the
    // request validator (Application/Budgets/BudgetRules.cs) answers them as a 400 with these same limits and words.
    public const int MaxNameLength = 255;
    public const int MaxCategoryNameLength = 255;
    public const int MaxCategories = 200;
    public const string EndBeforeStartMessage = "End date must be on or after the start date.";
    public const string CategoriesRequiredMessage = "A budget needs at least one category.";
    public static readonly string TooManyCategoriesMessage = $"A budget has at most {MaxCategories} categories.";

    public static string LimitNotPositiveMessage(string category) => $"The limit for '{category.Trim()}' must be greater than zero.";

    public static string RepeatedCategoryMessage(string category) =>
        $"Category '{category.Trim()}' appears more than once (names compare case-insensitively, Unicode-aware).";

    /// <summary>An open-ended budget, or one that ends on or after its start.</summary>
    public static bool EndsOnOrAfterStart(DateOnly startDate, DateOnly? endDate) => endDate is null || endDate >= startDate;

    /// <summary>A limit for one period is positive.</summary>
    public static bool IsValidLimit(decimal limit) => limit > 0;

    /// <summary>The first name that repeats an earlier one's category key (<see cref="CategoryKey"/>: NFKC, case-folded, trimmed), or null.</summary>
    public static string? FirstRepeatedCategory(IEnumerable<string?> names)
    {
        var seen = new HashSet<string>(CategoryKey.Comparer);
        return names.FirstOrDefault(name => !string.IsNullOrWhiteSpace(name) && !seen.Add(name));
    }

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
        if (!EndsOnOrAfterStart(startDate, endDate))
            throw new DomainRuleException("budget.end_before_start", EndBeforeStartMessage);
        var newCategories = new Dictionary<string, decimal>(CategoryKey.Comparer);
        foreach (var (rawName, limit) in categories ?? [])
        {
            var category = Guard.Text(rawName, "budget.category_name", "Category name", MaxCategoryNameLength);
            if (!IsValidLimit(limit))
                throw new DomainRuleException("budget.limit_positive", LimitNotPositiveMessage(category));
            if (!newCategories.TryAdd(category, Guard.Money(limit, "budget.limit", $"The limit for '{category}'")))
                throw new DomainRuleException("budget.category_duplicate", RepeatedCategoryMessage(category));
        }
        if (newCategories.Count == 0)
            throw new DomainRuleException("budget.categories_required", CategoriesRequiredMessage);
        if (newCategories.Count > MaxCategories)
            throw new DomainRuleException("budget.categories_max", TooManyCategoriesMessage);

        Name = Guard.Text(name, "budget.name", "Name", MaxNameLength);
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
            while (CalendarMonths.AddClamped(StartDate, (index + 1) * step) is { } next && next <= day) index++;
            period = new BudgetPeriod(StartDate.AddMonths(index * step), CalendarMonths.AddClamped(StartDate, (index + 1) * step)?.AddDays(-1) ?? DateOnly.MaxValue);
        }
        return EndDate is { } end && period.End > end ? period with { End = end } : period;
    }

    public override string ToString() => $"Budget {Id} ({Type})";
}
