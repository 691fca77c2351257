using FinInfra.Application.Analytics.GetCashFlow;
using FinInfra.Application.Analytics.GetSpending;
using FinInfra.Application.Analytics;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Transactions;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.ReadModels;
using FinInfra.Integration.Tests.Infrastructure;

namespace FinInfra.Integration.Tests.Analytics;

/// <summary>
/// March 2026: Food −100.00 and a +20.00 refund, Rent −1 000.00, Salary +3 000.00, an uncategorised −5.00.
/// April: Food −50.00 (pending) and a +10.00 refund spelt "FOOD". May: nothing. June: a lone Food refund +30.00.
/// A soft-deleted card's −999.00 Food never counts. Within an expense category refunds net against purchases (as in
/// budgets), floored at zero; money in within an income category (Salary) or uncategorised is income.
/// </summary>
public sealed class AnalyticsTests
{
    private static readonly DateOnly From = new(2026, 3, 1);
    private static readonly DateOnly To = new(2026, 6, 30);

    private static async Task<SeededUser> SpendingAsync(DatabaseProvider provider)
    {
        var data = await SeededUser.CreateAsync(provider);
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

    private static async Task<SpendingDto> SpendingAsync(SeededUser data, GetSpendingQuery query)
    {
        await using var db = data.UserContext();
        return await new GetSpendingQueryHandler(SeededUser.AnswerFlows(db), data.AnswerCurrency(db), TestClock.On("2026-11-26")).Handle(query, CancellationToken.None);
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

        var flow = await CashFlowAsync(data, new GetCashFlowQuery(From, To));
        var settled = await CashFlowAsync(data, new GetCashFlowQuery(From, To, IncludePending: false));

        // June's lone refund nets Food to zero spending; a refund is never income.
        Assert.Equal(
            [new CashFlowMonthDto("2026-03", 3000m, 1085m, 1915m), new CashFlowMonthDto("2026-04", 0m, 40m, -40m),
             new CashFlowMonthDto("2026-05", 0m, 0m, 0m), new CashFlowMonthDto("2026-06", 0m, 0m, 0m)],
            flow.Months);
        Assert.Equal(new CashFlowMonthDto("2026-04", 0m, 0m, 0m), settled.Months[1]);
    }

    private static async Task<CashFlowDto> CashFlowAsync(SeededUser data, GetCashFlowQuery query)
    {
        await using var db = data.UserContext();
        return await new GetCashFlowQueryHandler(SeededUser.AnswerFlows(db), data.AnswerCurrency(db), TestClock.On("2026-11-26")).Handle(query, CancellationToken.None);
    }

    private static async Task<(SpendingDto Spending, CashFlowDto CashFlow)> SpendingAndCashFlowAsync(SeededUser data, string? currency = null) =>
        (await SpendingAsync(data, new GetSpendingQuery(From, To, "category", Currency: currency)), await CashFlowAsync(data, new GetCashFlowQuery(From, To, Currency: currency)));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Uncategorised_money_in_and_out_never_cancel(DatabaseProvider provider)
    {
        await using var data = await SeededUser.CreateAsync(provider);
        var checking = await data.AddAccountAsync(AccountType.Depository, 1000m);
        await data.AddTransactionsAsync(checking, ("2026-03-01", 3000m, null, false), ("2026-03-05", -400m, null, false));

        var (spending, cashFlow) = await SpendingAndCashFlowAsync(data);

        // Salary +3 000 and groceries −400, both uncategorised: income 3 000, spending 400, net 2 600.
        Assert.Equal(new CashFlowMonthDto("2026-03", 3000m, 400m, 2600m), cashFlow.Months[0]);
        Assert.Equal([new SpendingItemDto("uncategorized", 400m, 1)], spending.Items);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Transfers_payments_and_excluded_rows_are_neither_spending_nor_income(DatabaseProvider provider)
    {
        await using var data = await SeededUser.CreateAsync(provider);
        var checking = await data.AddAccountAsync(AccountType.Depository, 1000m);
        var savings = await data.AddAccountAsync(AccountType.Depository, 1000m);
        await data.AddTransactionsAsync(checking, TransactionKind.Transfer, ("2026-03-01", -1000m, null, false));
        await data.AddTransactionsAsync(savings, TransactionKind.Transfer, ("2026-03-01", 1000m, null, false));
        await data.AddTransactionsAsync(checking, TransactionKind.Payment, ("2026-03-02", -250m, "Credit card", false));
        await data.AddTransactionsAsync(checking, TransactionKind.Excluded, ("2026-03-03", -60m, "Food", false));
        await data.AddTransactionsAsync(checking, ("2026-03-04", -40m, "Food", false));

        var (spending, cashFlow) = await SpendingAndCashFlowAsync(data);

        Assert.Equal([new SpendingItemDto("food", 40m, 1)], spending.Items);
        Assert.Equal(new CashFlowMonthDto("2026-03", 0m, 40m, -40m), cashFlow.Months[0]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Totals_are_in_one_currency_and_list_what_they_left_out(DatabaseProvider provider)
    {
        await using var data = await SeededUser.CreateAsync(provider);
        var usdCard = await data.AddAccountAsync(AccountType.Credit, 0m);
        var eurCard = await data.AddAccountAsync(AccountType.Credit, 0m, "EUR");
        var doge = await data.AddAccountAsync(AccountType.Investment, 0m, "DOGE");
        await data.AddTransactionsAsync(usdCard, ("2026-03-01", -100m, "Food", false));
        await data.AddTransactionsAsync(eurCard, ("2026-03-01", -100m, "Food", false));
        await data.AddTransactionsAsync(doge, ("2026-03-01", 5000m, null, false));

        var (usd, usdFlow) = await SpendingAndCashFlowAsync(data);
        var (eur, _) = await SpendingAndCashFlowAsync(data, "eur");

        Assert.Equal(("USD", 100m), (usd.Currency, usd.Total));
        Assert.Equal([new ExcludedCurrencyDto("DOGE", 1), new ExcludedCurrencyDto("EUR", 1)], usd.ExcludedCurrencies);
        Assert.Equal(new CashFlowMonthDto("2026-03", 0m, 100m, -100m), usdFlow.Months[0]);
        Assert.Equal(("EUR", 100m), (eur.Currency, eur.Total));
        Assert.Equal([new ExcludedCurrencyDto("DOGE", 1), new ExcludedCurrencyDto("USD", 1)], eur.ExcludedCurrencies);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refund_larger_than_the_spending_floors_at_zero_and_salary_is_income(DatabaseProvider provider)
    {
        await using var data = await SeededUser.CreateAsync(provider);
        var checking = await data.AddAccountAsync(AccountType.Depository, 1000m);
        await data.AddTransactionsAsync(checking,
            ("2026-03-01", -30m, "Shopping", false), ("2026-03-02", 50m, "Shopping", false), ("2026-03-03", 2000m, "Salary", false),
            ("2026-03-04", -25m, "Café", false), ("2026-03-05", -5m, "CAFÉ", false), ("2026-03-06", -1m, "Cafe\u0301", false));

        var (spending, cashFlow) = await SpendingAndCashFlowAsync(data);

        // Shopping −30 + 50 → 0 (the extra 20 is not income); the three spellings of café are one category.
        Assert.Equal([new SpendingItemDto("café", 31m, 3)], spending.Items);
        Assert.Equal(new CashFlowMonthDto("2026-03", 2000m, 31m, 1969m), cashFlow.Months[0]);
    }
}
