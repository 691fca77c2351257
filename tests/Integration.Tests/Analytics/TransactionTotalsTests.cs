using FinInfra.Application.Analytics;
using FinInfra.Domain.Accounts;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.ReadModels;
using FinInfra.Integration.Tests.Infrastructure;

namespace FinInfra.Integration.Tests.Analytics;

public sealed class TransactionTotalsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sums_are_exact_decimals_grouped_in_the_database(DatabaseProvider provider)
    {
        await using var data = await SeededUser.CreateAsync(provider);
        var checking = await data.AddAccountAsync(AccountType.Depository, 100m);
        await data.AddTransactionsAsync(checking,
            ("2026-03-01", -0.1m, "Food", false), ("2026-03-02", -0.2m, "food", false), ("2026-03-03", -1234567890.1234m, "Rent", false),
            ("2026-04-01", -0.0001m, "Food", true), ("2026-02-28", -5m, "Food", false));

        await using var db = data.UserContext();
        var totals = new TransactionTotals(db);
        var flows = await totals.FlowsAsync(new TransactionWindow(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30), true), CancellationToken.None);
        var byKey = flows.GroupBy(t => t.CategoryKey).ToDictionary(g => g.Key!, g => (g.Sum(t => t.Amount), g.Sum(t => t.Count)));
        Assert.Equal((-0.3001m, 3), byKey["food"]);
        Assert.Equal((-1234567890.1234m, 1), byKey["rent"]);

        var settled = await totals.FlowsAsync(new TransactionWindow(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30), false), CancellationToken.None);
        Assert.Equal(-0.3m, settled.Where(t => t.Month == 3 && t.CategoryKey == "food").Sum(t => t.Amount));
        Assert.DoesNotContain(settled, t => t.Month == 4);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Totals_are_one_grouped_query_that_returns_a_row_per_group_not_per_transaction(DatabaseProvider provider)
    {
        await using var data = await SeededUser.CreateAsync(provider);
        var checking = await data.AddAccountAsync(AccountType.Depository, 100m);
        await data.AddTransactionsAsync(checking, Enumerable.Range(1, 40)
            .Select(i => ($"2026-03-{i % 4 + 1:00}", -1.25m, (string?)(i % 2 == 0 ? "Food" : "Rent"), false)).ToArray());

        await using var db = data.UserContext();
        using var sql = DatabaseEvents.Of(db);
        var window = new TransactionWindow(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), true);
        var flows = await new TransactionTotals(db).FlowsAsync(window, CancellationToken.None);

        // 40 transactions on four days come back as 4 grouped rows (one per day and category): the database did the summing.
        Assert.Equal(4, flows.Count);
        Assert.Equal([("food", -25m, 20), ("rent", -25m, 20)], flows.GroupBy(t => t.CategoryKey).OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Sum(t => t.Amount), g.Sum(t => t.Count))));
        Assert.Single(sql.Commands);
        Assert.All(sql.Commands, command =>
        {
            Assert.Contains("GROUP BY", command, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(provider == DatabaseProvider.Sqlite ? "ef_sum(" : "sum(", command, StringComparison.OrdinalIgnoreCase);
        });
    }
}
