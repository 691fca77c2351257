using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinInfra.Application.Analytics;
using FinInfra.Application.Analytics.GetCashFlow;
using FinInfra.Application.Analytics.GetSpending;
using FinInfra.Application.Budgets.GetBudgetProgress;
using FinInfra.Application.ExchangeRates;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Budgets;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.Repositories;
using FinInfra.Integration.Tests.Infrastructure;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.ExchangeRates;

/// <summary>
/// Every answer in the user's base currency (USD here) or the asked one, converted by the one conversion service.
/// The figures are the worked example of docs/api.md ("Exchange rates and converted answers"), checkable by hand.
/// </summary>
public sealed class ConvertedAnswersTests
{
    private static readonly DateOnly March2 = new(2026, 3, 2);
    private static readonly DateOnly March6 = new(2026, 3, 6);

    private static decimal Number(JsonElement element, string property) => element.GetProperty(property).GetDecimal();

    /// <summary>
    /// Net worth on Thursday 2026-11-26 with the ECB's rates of Tuesday 2026-11-24 (the closest earlier day):
    /// EUR/USD 1.1000, EUR/GBP 0.8800, so GBP→USD = 1.1000 / 0.8800 = 1.2500 through EUR.
    /// USD checking 1 000.00 + EUR savings 2 000.00 × 1.10 = 2 200.00 → depository 3 200.00;
    /// GBP card owes 300.00 × 1.25 = 375.00 → credit 375.00; net 2 825.00. The JPY account has no rate: left out, listed.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_EUR_account_and_a_USD_account_add_up_in_net_worth_with_the_rates_stated(DatabaseProvider provider)
    {
        var (api, user, data) = await SeededUser.SignedInAsync(provider, "2026-11-26");
        await using var host = api;
        await data.AddAccountAsync(AccountType.Depository, 1000m, currency: "USD");
        await data.AddAccountAsync(AccountType.Depository, 2000m, currency: "EUR");
        await data.AddAccountAsync(AccountType.Credit, 300m, currency: "GBP");
        var yen = await data.AddAccountAsync(AccountType.Depository, 100000m, currency: "JPY");
        await data.AddRateAsync("EUR", "USD", "2026-11-24", 1.1000m);
        await data.AddRateAsync("EUR", "GBP", "2026-11-24", 0.8800m);
        // Eight days before: outside the 7-day window, so it is never used for the JPY account.
        await data.AddRateAsync("EUR", "JPY", "2026-11-18", 160m);

        var now = await (await user.Client.GetAsync("/api/v1/net-worth")).ReadJsonAsync();
        Assert.Equal((3200m, 375m, 2825m, "USD"), (Number(now, "totalAssets"), Number(now, "totalLiabilities"), Number(now, "netWorth"), now.GetProperty("currency").GetString()));
        Assert.Equal(3200m, Number(now.GetProperty("assetsBreakdown"), "depository"));
        Assert.Equal(375m, Number(now.GetProperty("liabilitiesBreakdown"), "credit"));
        Assert.Equal(yen.Id, Assert.Single(now.GetProperty("excludedAccountIds").EnumerateArray()).GetGuid());
        Assert.Equal(
            [("EUR", "USD", "2026-11-24", 1.1m, "ecb", null), ("GBP", "USD", "2026-11-24", 1.25m, "ecb", "EUR")],
            now.GetProperty("exchangeRates").EnumerateArray().Select(r => (r.GetProperty("from").GetString(), r.GetProperty("to").GetString(),
                r.GetProperty("rateDate").GetString(), Number(r, "rate"), r.GetProperty("source").GetString(), r.GetProperty("via").GetString())));
        Assert.Equal(
            [("USD", 1000m, 0m, (decimal?)1000m), ("EUR", 2000m, 0m, 2200m), ("GBP", 0m, 300m, -375m), ("JPY", 100000m, 0m, null)],
            now.GetProperty("byCurrency").EnumerateArray().Select(c => (c.GetProperty("currency").GetString(), Number(c, "assets"), Number(c, "liabilities"),
                c.GetProperty("convertedNet").ValueKind == JsonValueKind.Null ? (decimal?)null : Number(c, "convertedNet"))));

        // The stored snapshot keeps the same figures and the rates it used.
        var snapshot = await (await user.Client.PostAsync("/api/v1/net-worth/snapshots", null)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2825m, Number(snapshot, "netWorth"));
        Assert.Equal(2, snapshot.GetProperty("exchangeRates").GetArrayLength());
        var listed = Assert.Single((await (await user.Client.GetAsync("/api/v1/net-worth/snapshots?from=2026-11-26&to=2026-11-26")).ReadJsonAsync()).EnumerateArray());
        Assert.Equal(snapshot.GetProperty("exchangeRates").GetRawText(), listed.GetProperty("exchangeRates").GetRawText());
        Assert.Equal(snapshot.GetProperty("byCurrency").GetRawText(), listed.GetProperty("byCurrency").GetRawText());

        // Asked in EUR: USD → EUR is the inverse, 1 / 1.1 = 0.9090909091; 1 000.00 × that = 909.0909.
        var inEuro = await (await user.Client.GetAsync("/api/v1/net-worth?currency=EUR")).ReadJsonAsync();
        Assert.Equal(909.0909m + 2000m, Number(inEuro.GetProperty("assetsBreakdown"), "depository"));
        Assert.Contains(inEuro.GetProperty("exchangeRates").EnumerateArray(), r => r.GetProperty("from").GetString() == "USD" && Number(r, "rate") == 0.9090909091m);
    }

    /// <summary>
    /// March 2026, USD user. USD checking: Food −100.00 on 03-02. EUR card: Food −50.00 on Mon 03-02 (EUR/USD 1.0850 that day:
    /// 54.25), Food −20.00 on Sat 03-07 (no publication: Friday 03-06's 1.0900 → 21.80), Rent −500.00 on 03-28 (the newest
    /// rate is 22 days old, outside the window: left out and listed). Food = 100.00 + 54.25 + 21.80 = 176.05.
    /// </summary>
    private static async Task<(SeededUser Data, Budget Budget)> MarchAsync(DatabaseProvider provider)
    {
        var data = await SeededUser.CreateAsync(provider);
        var checking = await data.AddAccountAsync(AccountType.Depository, 1000m, currency: "USD");
        var card = await data.AddAccountAsync(AccountType.Credit, 0m, currency: "EUR");
        await data.AddTransactionsAsync(checking, ("2026-03-02", -100m, "Food", false));
        await data.AddTransactionsAsync(card, ("2026-03-02", -50m, "Food", false), ("2026-03-07", -20m, "Food", false), ("2026-03-28", -500m, "Rent", false));
        await data.AddRateAsync("EUR", "USD", "2026-03-02", 1.0850m);
        await data.AddRateAsync("EUR", "USD", "2026-03-06", 1.0900m);
        var budget = Budget.Create(data.UserId, "Household", BudgetType.Monthly, new DateOnly(2026, 3, 1), null, new Dictionary<string, decimal> { ["Food"] = 300m });
        await data.AddAsync(budget);
        return (data, budget);
    }

    private static readonly ExchangeRateUsedDto[] MarchRates =
        [new("EUR", "USD", March2, 1.085m, "ecb", null), new("EUR", "USD", March6, 1.09m, "ecb", null)];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Spending_cash_flow_and_budget_progress_convert_at_each_days_rate_and_state_the_rate_dates(DatabaseProvider provider)
    {
        var (data, budget) = await MarchAsync(provider);
        await using var _ = data;
        await using var db = data.UserContext();
        var clock = TestClock.On("2026-04-15");
        var (from, to) = (new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));

        var spending = await new GetSpendingQueryHandler(SeededUser.AnswerFlows(db), data.AnswerCurrency(db), clock).Handle(new GetSpendingQuery(from, to), CancellationToken.None);
        Assert.Equal("USD", spending.Currency);
        Assert.Equal([new SpendingItemDto("food", 176.05m, 3)], spending.Items);
        Assert.Equal(176.05m, spending.Total);
        Assert.Equal([new ExcludedCurrencyDto("EUR", 1)], spending.ExcludedCurrencies);
        Assert.Equal(MarchRates, spending.ExchangeRates);
        Assert.Equal(
            [new CurrencyBreakdownDto("USD", 0m, 100m, 1, 0m, 100m, 0), new CurrencyBreakdownDto("EUR", 0m, 570m, 3, 0m, 76.05m, 1)],
            spending.ByCurrency);

        var flow = await new GetCashFlowQueryHandler(SeededUser.AnswerFlows(db), data.AnswerCurrency(db), clock).Handle(new GetCashFlowQuery(from, to), CancellationToken.None);
        Assert.Equal([new CashFlowMonthDto("2026-03", 0m, 176.05m, -176.05m)], flow.Months);
        Assert.Equal(MarchRates, flow.ExchangeRates);
        Assert.Equal([new ExcludedCurrencyDto("EUR", 1)], flow.ExcludedCurrencies);

        var progress = await new GetBudgetProgressQueryHandler(new EfReadRepository<Budget>(db), SeededUser.AnswerFlows(db), data.AnswerCurrency(db), TestClock.On("2026-03-20"))
            .Handle(new GetBudgetProgressQuery(budget.Id), CancellationToken.None);
        var food = Assert.Single(progress.Categories);
        Assert.Equal(("Food", 300m, 176.05m, 123.95m), (food.Category, food.Limit, food.Spent, food.Remaining));
        Assert.Equal(MarchRates, progress.ExchangeRates);
        // The breakdown counts only the budget's categories: the EUR rent is not in it.
        Assert.Equal(
            [new CurrencyBreakdownDto("USD", 0m, 100m, 1, 0m, 100m, 0), new CurrencyBreakdownDto("EUR", 0m, 70m, 2, 0m, 76.05m, 0)],
            progress.ByCurrency);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_rates_the_answers_are_unchanged_other_currencies_left_out_and_listed(DatabaseProvider provider)
    {
        var (api, user, data) = await SeededUser.SignedInAsync(provider, "2026-04-15");
        await using var host = api;
        var checking = await data.AddAccountAsync(AccountType.Depository, 1000m, currency: "USD");
        var card = await data.AddAccountAsync(AccountType.Credit, 0m, currency: "EUR");
        await data.AddTransactionsAsync(checking, ("2026-03-02", -100m, "Food", false));
        await data.AddTransactionsAsync(card, ("2026-03-02", -50m, "Food", false));

        var spending = await (await user.Client.GetAsync("/api/v1/analytics/spending?from=2026-03-01&to=2026-03-31")).ReadJsonAsync();
        Assert.Equal(100m, Number(spending, "total"));
        var excluded = Assert.Single(spending.GetProperty("excludedCurrencies").EnumerateArray());
        Assert.Equal(("EUR", 1), (excluded.GetProperty("currency").GetString(), excluded.GetProperty("transactions").GetInt32()));
        Assert.Empty(spending.GetProperty("exchangeRates").EnumerateArray());
        var eur = spending.GetProperty("byCurrency").EnumerateArray().Single(c => c.GetProperty("currency").GetString() == "EUR");
        Assert.Equal((50m, 0m, 1), (Number(eur, "spending"), Number(eur, "convertedSpending"), eur.GetProperty("excludedTransactions").GetInt32()));

        // Rates of another pair do not help: a GBP rate never converts EUR, and nothing is taken at 1.
        await data.AddRateAsync("EUR", "GBP", "2026-03-02", 0.84m);
        var cashFlow = await (await user.Client.GetAsync("/api/v1/analytics/cash-flow?from=2026-03-01&to=2026-03-31")).ReadJsonAsync();
        Assert.Equal(100m, Number(cashFlow.GetProperty("months")[0], "spending"));
        Assert.Empty(cashFlow.GetProperty("exchangeRates").EnumerateArray());
    }
}
