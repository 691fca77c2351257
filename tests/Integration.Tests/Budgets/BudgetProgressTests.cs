using FinInfra.Application.Budgets.GetBudgetProgress;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Budgets;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.Repositories;
using FinInfra.Infrastructure.Persistence.ReadModels;
using FinInfra.Integration.Tests.Infrastructure;

namespace FinInfra.Integration.Tests.Budgets;

public sealed class BudgetProgressTests
{
    private static readonly DateOnly LeapStart = new(2024, 1, 31);

    /// <summary>
    /// Monthly from 2024-01-31: the period containing 2024-03-05 runs 2024-02-29 → 2024-03-30 (Feb 29 exists in 2024).
    /// Food: −120.50 − 79.50 (pending) + 20.00 (refund, "FOOD") = 180.00 of 500 → 36.00 %, ok.
    /// Transport: −81 of 100 → 81.00 %, warning (the −85 on a soft-deleted account does not count).
    /// Outside the period (2024-02-28, 2024-03-31) and categories not in the budget (Rent) do not count.
    /// </summary>
    private static async Task<(SeededUser Data, Budget Budget)> LeapYearBudgetAsync(DatabaseProvider provider)
    {
        var data = await SeededUser.CreateAsync(provider);
        var checking = await data.AddAccountAsync(AccountType.Depository, 1000m);
        var closed = await data.AddAccountAsync(AccountType.Credit, 0m);
        await data.AddTransactionsAsync(checking,
            ("2024-02-29", -120.50m, "Food", false), ("2024-03-10", -79.50m, "food", true), ("2024-03-12", 20m, "FOOD", false),
            ("2024-02-28", -1000m, "Food", false), ("2024-03-31", -300m, "Food", false),
            ("2024-03-02", -81m, "Transport", false), ("2024-03-03", -900m, "Rent", false));
        await data.AddTransactionsAsync(closed, ("2024-03-01", -85m, "Transport", false));
        await data.SoftDeleteAsync(closed);
        var budget = Budget.Create(data.UserId, "Household", BudgetType.Monthly, LeapStart, null, new Dictionary<string, decimal> { ["Food"] = 500m, ["Transport"] = 100m });
        await data.AddAsync(budget);
        return (data, budget);
    }

    private static async Task<BudgetProgressDto> ProgressAsync(SeededUser data, GetBudgetProgressQuery query, string today = "2024-03-05", Guid? asUser = null)
    {
        await using var db = data.UserContext(asUser);
        var handler = new GetBudgetProgressQueryHandler(new EfReadRepository<Budget>(db), SeededUser.AnswerFlows(db), data.AnswerCurrency(db, asUser), TestClock.On(today));
        return await handler.Handle(query, CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Progress_counts_refunds_pending_and_live_accounts_in_the_leap_year_period(DatabaseProvider provider)
    {
        var (data, budget) = await LeapYearBudgetAsync(provider);
        await using var _ = data;

        var progress = await ProgressAsync(data, new GetBudgetProgressQuery(budget.Id));

        Assert.Equal(new DateOnly(2024, 2, 29), progress.PeriodStart);
        Assert.Equal(new DateOnly(2024, 3, 30), progress.PeriodEnd);
        Assert.Equal(
            [new CategoryProgressDto("Food", 500m, 180m, 320m, 36m, "ok"), new CategoryProgressDto("Transport", 100m, 81m, 19m, 81m, "warning")],
            progress.Categories);
        Assert.Equal(new BudgetTotalsDto(600m, 261m, 339m, 43.5m, "ok"), progress.Totals);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pending_transactions_are_left_out_when_asked(DatabaseProvider provider)
    {
        var (data, budget) = await LeapYearBudgetAsync(provider);
        await using var _ = data;

        var progress = await ProgressAsync(data, new GetBudgetProgressQuery(budget.Id, new DateOnly(2024, 3, 30), IncludePending: false));

        Assert.Equal(100.50m, progress.Categories.Single(c => c.Category == "Food").Spent);
        Assert.Equal(20.10m, progress.Categories.Single(c => c.Category == "Food").PercentUsed);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_first_period_ends_the_day_before_the_clamped_february_start(DatabaseProvider provider)
    {
        var (data, budget) = await LeapYearBudgetAsync(provider);
        await using var _ = data;

        var progress = await ProgressAsync(data, new GetBudgetProgressQuery(budget.Id, new DateOnly(2024, 2, 28)));

        Assert.Equal((LeapStart, new DateOnly(2024, 2, 28)), (progress.PeriodStart, progress.PeriodEnd));
        var food = progress.Categories.Single(c => c.Category == "Food");
        Assert.Equal((1000m, -500m, 200m, "over"), (food.Spent, food.Remaining, food.PercentUsed, food.Status));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_date_outside_the_budget_is_a_conflict_and_another_users_budget_is_not_found(DatabaseProvider provider)
    {
        var (data, budget) = await LeapYearBudgetAsync(provider);
        await using var _ = data;
        var (stranger, _) = await SeededUser.AddUserAsync(data.Database, $"stranger-{Guid.NewGuid():N}@example.com");

        var outside = await Assert.ThrowsAsync<ConflictException>(() => ProgressAsync(data, new GetBudgetProgressQuery(budget.Id, new DateOnly(2024, 1, 30))));
        Assert.Equal("budget.date_outside", outside.Rule);
        await Assert.ThrowsAsync<NotFoundException>(() => ProgressAsync(data, new GetBudgetProgressQuery(budget.Id), asUser: stranger));
    }

    /// <summary>
    /// A weekly budget from Thu 2026-01-01 cut at 2026-01-10: the period containing 2026-01-09 is 01-08 → 01-10.
    /// Food spends exactly its 50.00 (100 % is still a warning); Fuel spends 30.0001 of 30 (over by a hundredth of a
    /// cent); Books 39.99 of 50 (79.98 %, ok). The 01-07 and 01-11 rows fall in no counted period.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Weekly_period_cut_at_the_end_date_with_exactly_the_limit_a_warning_and_a_hair_above_over(DatabaseProvider provider)
    {
        await using var data = await SeededUser.CreateAsync(provider);
        var checking = await data.AddAccountAsync(AccountType.Depository, 1000m);
        await data.AddTransactionsAsync(checking,
            ("2026-01-08", -20m, "Food", false), ("2026-01-10", -30m, "food", true), ("2026-01-09", -30.0001m, "Fuel", false),
            ("2026-01-08", -39.99m, "Books", false), ("2026-01-07", -500m, "Food", false), ("2026-01-11", -500m, "Fuel", false));
        var budget = Budget.Create(data.UserId, "Week", BudgetType.Weekly, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 10),
            new Dictionary<string, decimal> { ["Food"] = 50m, ["Fuel"] = 30m, ["Books"] = 50m });
        await data.AddAsync(budget);

        var progress = await ProgressAsync(data, new GetBudgetProgressQuery(budget.Id, new DateOnly(2026, 1, 9)));

        Assert.Equal((new DateOnly(2026, 1, 8), new DateOnly(2026, 1, 10)), (progress.PeriodStart, progress.PeriodEnd));
        Assert.Equal(
            [new CategoryProgressDto("Books", 50m, 39.99m, 10.01m, 79.98m, "ok"), new CategoryProgressDto("Food", 50m, 50m, 0m, 100m, "warning"),
             new CategoryProgressDto("Fuel", 30m, 30.0001m, -0.0001m, 100.00m, "over")],
            progress.Categories);
        Assert.Equal(new BudgetTotalsDto(130m, 119.9901m, 10.0099m, 92.30m, "warning"), progress.Totals);
        await Assert.ThrowsAsync<ConflictException>(() => ProgressAsync(data, new GetBudgetProgressQuery(budget.Id, new DateOnly(2026, 1, 11))));
    }

    /// <summary>An annual budget from 2024-02-29: the 2025 period starts on Feb 28 (no Feb 29) and runs to 2026-02-27.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Annual_period_from_a_leap_day_counts_a_whole_year_of_spending(DatabaseProvider provider)
    {
        await using var data = await SeededUser.CreateAsync(provider);
        var checking = await data.AddAccountAsync(AccountType.Depository, 1000m);
        await data.AddTransactionsAsync(checking,
            ("2025-02-27", -999m, "Travel", false), ("2025-02-28", -1200.25m, "Travel", false), ("2025-12-31", -799.75m, "TRAVEL", false),
            ("2026-02-27", 100m, "travel", false), ("2026-02-28", -999m, "Travel", false));
        var budget = Budget.Create(data.UserId, "Trips", BudgetType.Annual, new DateOnly(2024, 2, 29), null,
            new Dictionary<string, decimal> { ["Travel"] = 2000m });
        await data.AddAsync(budget);

        var progress = await ProgressAsync(data, new GetBudgetProgressQuery(budget.Id, new DateOnly(2025, 7, 1)));

        // 1 200.25 + 799.75 − 100 (refund) = 1 900.00 of 2 000 → 95.00 %, warning.
        Assert.Equal((new DateOnly(2025, 2, 28), new DateOnly(2026, 2, 27)), (progress.PeriodStart, progress.PeriodEnd));
        Assert.Equal(new CategoryProgressDto("Travel", 2000m, 1900m, 100m, 95m, "warning"), progress.Categories.Single());
    }
}
