using FinInfra.Application.Analytics.GetCashFlow;
using FinInfra.Application.Analytics.GetSpending;
using FinInfra.Domain.Accounts;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Queries;
using FinInfra.Integration.Tests.Infrastructure;

namespace FinInfra.Integration.Tests.Answers;

/// <summary>
/// March 2026: Food −100.00 and a +20.00 refund, Rent −1 000.00, Salary +3 000.00, an uncategorised −5.00.
/// April: Food −50.00 (pending) and a +10.00 refund spelt "FOOD". May: nothing. June: a lone Food refund +30.00.
/// A soft-deleted card's −999.00 Food never counts. Within a category refunds net against purchases (as in budgets);
/// a category whose net is money in is income, not negative spending.
/// </summary>
public sealed class AnalyticsTests
{
    private static readonly DateOnly From = new(2026, 3, 1);
    private static readonly DateOnly To = new(2026, 6, 30);

    private static async Task<AnswersData> SpendingAsync(DatabaseProvider provider)
    {
        var data = await AnswersData.CreateAsync(provider);
        var checking = await data.AddAccountAsync(AccountType.Depository, 1000m);
        var closed = await data.AddAccountAsync(AccountType.Credit, 0m);
        await data.AddTransactionsAsync(checking,
            ("2026-03-02", -100m, "Food", false), ("2026-03-09", 20m, "food", false), ("2026-03-01", -1000m, "Rent", false),
            ("2026-03-25", 3000m, "Salary", false), ("2026-03-31", -5m, null, false),
            ("2026-04-03", -50m, "Food", true), ("2026-04-04", 10m, "FOOD", false),
            ("2026-06-30", 30m, "Food", false), ("2026-02-28", -70m, "Food", false), ("2026-07-01", -70m, "Food", false));
        await data.AddTransactionsAsync(closed, ("2026-03-03", -999m, "Food", false));
        await data.SoftDeleteAsync(closed);
        return data;
    }

    private static async Task<SpendingDto> SpendingAsync(AnswersData data, GetSpendingQuery query)
    {
        await using var db = data.UserContext();
        return await new GetSpendingQueryHandler(new TransactionTotals(db), FixedClock.On("2026-11-26")).Handle(query, CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Spending_by_category_nets_refunds_and_leaves_income_out(DatabaseProvider provider)
    {
        await using var data = await SpendingAsync(provider);

        var spending = await SpendingAsync(data, new GetSpendingQuery(From, To, "category"));

        // food: −100 + 20 − 50 + 10 + 30 = −90 → 90.00 over 5 transactions.
        Assert.Equal([new SpendingItemDto("rent", 1000m, 1), new SpendingItemDto("food", 90m, 5), new SpendingItemDto("uncategorized", 5m, 1)], spending.Items);
        Assert.Equal(1095m, spending.Total);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Spending_by_month_nets_within_each_month(DatabaseProvider provider)
    {
        await using var data = await SpendingAsync(provider);

        var spending = await SpendingAsync(data, new GetSpendingQuery(From, To, "month"));

        // March: food 80 + rent 1 000 + uncategorised 5; April: food 40; June's lone refund is income.
        Assert.Equal([new SpendingItemDto("2026-03", 1085m, 4), new SpendingItemDto("2026-04", 40m, 2)], spending.Items);
        Assert.Equal(1125m, spending.Total);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cash_flow_lists_every_month_with_income_spending_and_net(DatabaseProvider provider)
    {
        await using var data = await SpendingAsync(provider);
        await using var db = data.UserContext();
        var handler = new GetCashFlowQueryHandler(new TransactionTotals(db), FixedClock.On("2026-11-26"));

        var flow = await handler.Handle(new GetCashFlowQuery(From, To), CancellationToken.None);
        var settled = await handler.Handle(new GetCashFlowQuery(From, To, IncludePending: false), CancellationToken.None);

        Assert.Equal(
            [new CashFlowMonthDto("2026-03", 3000m, 1085m, 1915m), new CashFlowMonthDto("2026-04", 0m, 40m, -40m),
             new CashFlowMonthDto("2026-05", 0m, 0m, 0m), new CashFlowMonthDto("2026-06", 30m, 0m, 30m)],
            flow.Months);
        Assert.Equal(new CashFlowMonthDto("2026-04", 10m, 0m, 10m), settled.Months[1]);
    }
}
