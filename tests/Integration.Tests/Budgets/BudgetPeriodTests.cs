using FinInfra.Domain.Budgets;

namespace FinInfra.Integration.Tests.Budgets;

public sealed class BudgetPeriodTests
{
    private static Budget Of(BudgetType type, string start, string? end = null) =>
        Budget.Create(Guid.NewGuid(), "b", type, DateOnly.Parse(start), end is null ? null : DateOnly.Parse(end), new Dictionary<string, decimal> { ["Food"] = 1m });

    [Theory]
    [InlineData(BudgetType.Monthly, "2025-01-31", null, "2025-02-28", "2025-02-28", "2025-03-30")]
    [InlineData(BudgetType.Monthly, "2025-01-31", null, "2025-02-27", "2025-01-31", "2025-02-27")]
    [InlineData(BudgetType.Monthly, "2025-01-31", null, "2025-04-30", "2025-04-30", "2025-05-30")]
    [InlineData(BudgetType.Monthly, "2024-01-31", null, "2024-02-29", "2024-02-29", "2024-03-30")]
    [InlineData(BudgetType.Monthly, "2026-01-15", "2026-03-20", "2026-03-18", "2026-03-15", "2026-03-20")]
    [InlineData(BudgetType.Weekly, "2026-01-01", null, "2026-01-15", "2026-01-15", "2026-01-21")]
    [InlineData(BudgetType.Weekly, "2026-01-01", null, "2026-01-14", "2026-01-08", "2026-01-14")]
    [InlineData(BudgetType.Annual, "2024-02-29", null, "2025-02-28", "2025-02-28", "2026-02-27")]
    [InlineData(BudgetType.Annual, "2024-02-29", null, "2028-03-01", "2028-02-29", "2029-02-27")]
    [InlineData(BudgetType.Monthly, "9999-11-30", null, "9999-12-31", "9999-12-30", "9999-12-31")]
    [InlineData(BudgetType.Weekly, "9999-12-30", null, "9999-12-31", "9999-12-30", "9999-12-31")]
    public void Periods_are_anchored_at_the_start_date(BudgetType type, string start, string? end, string day, string periodStart, string periodEnd)
    {
        var period = Of(type, start, end).PeriodContaining(DateOnly.Parse(day));

        Assert.Equal(new BudgetPeriod(DateOnly.Parse(periodStart), DateOnly.Parse(periodEnd)), period);
    }

    [Theory]
    [InlineData("2026-01-14")]
    [InlineData("2026-03-21")]
    public void There_is_no_period_outside_the_budget(string day) =>
        Assert.Null(Of(BudgetType.Monthly, "2026-01-15", "2026-03-20").PeriodContaining(DateOnly.Parse(day)));
}
