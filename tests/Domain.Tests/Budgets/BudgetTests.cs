using FinInfra.Domain.Budgets;
using FinInfra.Domain.Tests.Common;

namespace FinInfra.Domain.Tests.Budgets;

public sealed class BudgetTests
{
    private static readonly Guid UserId = Guid.CreateVersion7();

    private static Dictionary<string, decimal> Food => new() { ["Food"] = 500m };

    private static Budget Create(BudgetType type, DateOnly start, DateOnly? end = null) =>
        Budget.Create(UserId, "Household", type, start, end, Food);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Create_keeps_the_categories_case_insensitively()
    {
        var budget = Budget.Create(UserId, " Household ", BudgetType.Monthly, D(2026, 1, 1), D(2026, 12, 31),
            new Dictionary<string, decimal> { ["Food"] = 500m, [" Transport "] = 200.25m });
        Assert.Equal("Household", budget.Name);
        Assert.Equal(500m, budget.Categories["food"]);
        Assert.Equal(200.25m, budget.Categories["TRANSPORT"]);
    }

    [Fact]
    public void A_budget_needs_at_least_one_category() =>
        Rule.Broken("budget.categories_required", () => Budget.Create(UserId, "B", BudgetType.Monthly, D(2026, 1, 1), null, []));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Every_limit_must_be_positive(int limit) =>
        Rule.Broken("budget.limit_positive", () => Budget.Create(UserId, "B", BudgetType.Monthly, D(2026, 1, 1), null,
            new Dictionary<string, decimal> { ["Food"] = 10m, ["Fun"] = limit }));

    [Fact]
    public void Category_names_appear_once_ignoring_case() =>
        Rule.Broken("budget.category_duplicate", () => Budget.Create(UserId, "B", BudgetType.Monthly, D(2026, 1, 1), null,
            [new("Food", 1m), new("FOOD", 2m)]));

    [Fact]
    public void Category_names_are_required() =>
        Rule.Broken("budget.category_name", () => Budget.Create(UserId, "B", BudgetType.Monthly, D(2026, 1, 1), null, [new(" ", 1m)]));

    [Fact]
    public void End_date_may_equal_but_not_precede_the_start()
    {
        Assert.Equal(D(2026, 1, 1), Create(BudgetType.Monthly, D(2026, 1, 1), D(2026, 1, 1)).EndDate);
        Rule.Broken("budget.end_before_start", () => Create(BudgetType.Monthly, D(2026, 1, 2), D(2026, 1, 1)));
    }

    [Fact]
    public void Type_start_date_and_name_are_checked()
    {
        Rule.Broken("budget.type", () => Create((BudgetType)9, D(2026, 1, 1)));
        Rule.Broken("budget.start_date", () => Create(BudgetType.Monthly, default));
        Rule.Broken("budget.name", () => Budget.Create(UserId, "", BudgetType.Monthly, D(2026, 1, 1), null, Food));
    }

    [Fact]
    public void A_failed_update_changes_nothing()
    {
        var budget = Create(BudgetType.Monthly, D(2026, 1, 1));
        Rule.Broken("budget.categories_required", () => budget.Update("Renamed", BudgetType.Weekly, D(2026, 2, 1), null, []));
        Assert.Equal("Household", budget.Name);
        Assert.Equal(BudgetType.Monthly, budget.Type);
    }

    [Theory]
    [InlineData("2026-03-04", "2026-03-04", "2026-03-10")]
    [InlineData("2026-03-10", "2026-03-04", "2026-03-10")]
    [InlineData("2026-03-11", "2026-03-11", "2026-03-17")]
    [InlineData("2026-12-30", "2026-12-30", "2027-01-05")]
    public void Weekly_periods_are_seven_days_from_the_start(string day, string start, string end) =>
        Assert.Equal(new BudgetPeriod(DateOnly.Parse(start), DateOnly.Parse(end)),
            Create(BudgetType.Weekly, D(2026, 3, 4)).PeriodContaining(DateOnly.Parse(day)));

    [Theory]
    [InlineData("2026-01-31", "2026-01-31", "2026-02-27")]
    [InlineData("2026-02-27", "2026-01-31", "2026-02-27")]
    [InlineData("2026-02-28", "2026-02-28", "2026-03-30")]
    [InlineData("2026-03-31", "2026-03-31", "2026-04-29")]
    [InlineData("2026-04-30", "2026-04-30", "2026-05-30")]
    [InlineData("2026-12-31", "2026-12-31", "2027-01-30")]
    public void Monthly_periods_from_the_31st_clamp_without_drifting_in_a_common_year(string day, string start, string end) =>
        Assert.Equal(new BudgetPeriod(DateOnly.Parse(start), DateOnly.Parse(end)),
            Create(BudgetType.Monthly, D(2026, 1, 31)).PeriodContaining(DateOnly.Parse(day)));

    [Theory]
    [InlineData("2028-02-28", "2028-01-31", "2028-02-28")]
    [InlineData("2028-02-29", "2028-02-29", "2028-03-30")]
    [InlineData("2028-03-31", "2028-03-31", "2028-04-29")]
    public void Monthly_periods_from_the_31st_in_a_leap_year(string day, string start, string end) =>
        Assert.Equal(new BudgetPeriod(DateOnly.Parse(start), DateOnly.Parse(end)),
            Create(BudgetType.Monthly, D(2028, 1, 31)).PeriodContaining(DateOnly.Parse(day)));

    [Fact]
    public void Monthly_periods_from_the_first_are_calendar_months()
    {
        var budget = Create(BudgetType.Monthly, D(2026, 1, 1));
        Assert.Equal(new BudgetPeriod(D(2026, 2, 1), D(2026, 2, 28)), budget.PeriodContaining(D(2026, 2, 15)));
        Assert.Equal(new BudgetPeriod(D(2028, 2, 1), D(2028, 2, 29)), budget.PeriodContaining(D(2028, 2, 29)));
    }

    [Theory]
    [InlineData("2026-06-15", "2026-06-15", "2027-06-14")]
    [InlineData("2027-06-14", "2026-06-15", "2027-06-14")]
    [InlineData("2027-06-15", "2027-06-15", "2028-06-14")]
    public void Annual_periods_are_twelve_months(string day, string start, string end) =>
        Assert.Equal(new BudgetPeriod(DateOnly.Parse(start), DateOnly.Parse(end)),
            Create(BudgetType.Annual, D(2026, 6, 15)).PeriodContaining(DateOnly.Parse(day)));

    [Fact]
    public void Annual_period_from_a_leap_day_clamps_to_february_28()
    {
        var budget = Create(BudgetType.Annual, D(2028, 2, 29));
        Assert.Equal(new BudgetPeriod(D(2028, 2, 29), D(2029, 2, 27)), budget.PeriodContaining(D(2029, 1, 1)));
        Assert.Equal(new BudgetPeriod(D(2032, 2, 29), D(2033, 2, 27)), budget.PeriodContaining(D(2032, 3, 1)));
    }

    [Fact]
    public void The_last_period_is_cut_at_the_end_date()
    {
        var budget = Create(BudgetType.Monthly, D(2026, 1, 1), D(2026, 3, 10));
        Assert.Equal(new BudgetPeriod(D(2026, 3, 1), D(2026, 3, 10)), budget.PeriodContaining(D(2026, 3, 5)));
        Assert.Equal(new BudgetPeriod(D(2026, 3, 1), D(2026, 3, 10)), budget.PeriodContaining(D(2026, 3, 10)));
        Assert.Equal(new BudgetPeriod(D(2026, 2, 1), D(2026, 2, 28)), budget.PeriodContaining(D(2026, 2, 1)));
    }

    [Fact]
    public void Days_outside_the_budget_have_no_period()
    {
        var budget = Create(BudgetType.Weekly, D(2026, 1, 5), D(2026, 2, 1));
        Assert.Null(budget.PeriodContaining(D(2026, 1, 4)));
        Assert.Null(budget.PeriodContaining(D(2026, 2, 2)));
        Assert.NotNull(budget.PeriodContaining(D(2026, 2, 1)));
    }

    [Fact]
    public void A_period_contains_both_of_its_ends()
    {
        var period = new BudgetPeriod(D(2026, 1, 1), D(2026, 1, 31));
        Assert.True(period.Contains(D(2026, 1, 1)));
        Assert.True(period.Contains(D(2026, 1, 31)));
        Assert.False(period.Contains(D(2026, 2, 1)));
    }

    [Fact]
    public void A_budget_has_at_most_MaxCategories_categories()
    {
        var most = Enumerable.Range(0, Budget.MaxCategories).Select(i => new KeyValuePair<string, decimal>($"c{i}", 1m)).ToList();
        Assert.Equal(Budget.MaxCategories, Budget.Create(UserId, "B", BudgetType.Monthly, D(2026, 1, 1), null, most).Categories.Count);
        Rule.Broken("budget.categories_max", () => Budget.Create(UserId, "B", BudgetType.Monthly, D(2026, 1, 1), null, [.. most, new("one more", 1m)]));
    }

    [Fact]
    public void Category_names_repeat_by_their_key_not_their_spelling()
    {
        Assert.Equal("CAFE\u0301", Budget.FirstRepeatedCategory(["Café", "Rent", "CAFE\u0301"]));
        Assert.Null(Budget.FirstRepeatedCategory(["Café", "Cafe"]));
        Rule.Broken("budget.category_duplicate", () => Budget.Create(UserId, "B", BudgetType.Monthly, D(2026, 1, 1), null,
            [new("Café", 1m), new("CAFE\u0301", 2m)]));
    }
}
