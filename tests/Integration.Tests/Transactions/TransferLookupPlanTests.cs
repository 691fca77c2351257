using System.Text.RegularExpressions;
using FinInfra.Application.Transactions.Common;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.Repositories;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static FinInfra.Integration.Tests.Api.ApiScenario;

namespace FinInfra.Integration.Tests.Transactions;

/// <summary>
/// Transfer matching (after an import, after a sync) looks up the user's other rows by the exact mirrored amount: each
/// engine's plan is a probe of the (user_id, amount, date) index, not a read of every row the user holds in the date
/// window. Until this index the import's lookup read all of them (2.2 s for 700,000 rows of one user in bench/), so an
/// import cost what the user already had. The answers are checked too, including an amount stored with another scale.
/// </summary>
public sealed class TransferLookupPlanTests
{
    private const string Index = "ix_transactions_user_amount_date";

    [Theory]
    [MemberData(nameof(QueryPlans.Engines), MemberType = typeof(QueryPlans))]
    public async Task The_transfer_lookups_probe_the_amount_index_and_find_the_exact_mirrors(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var user = User.Register(Email.Create($"transfers-{Guid.NewGuid():N}@example.com"), "pbkdf2-sha256$1$c2FsdA==$aGFzaA==");
        var connection = BankConnection.CreateManual(user.Id, "Cash");
        var checking = Account.OpenManual(user.Id, connection.Id, null, "Checking", AccountType.Depository, null, 0m, CurrencyCode.Usd);
        var savings = Account.OpenManual(user.Id, connection.Id, null, "Savings", AccountType.Depository, null, 0m, CurrencyCode.Usd);
        await using (var db = database.CreateContext(systemScope: true))
        {
            db.AddRange(user, connection, checking, savings);
            var start = new DateOnly(2026, 1, 1);
            for (var r = 0; r < 6000; r++)
                db.Add(Transaction.Record(user.Id, checking.Id, $"c-{r}", -1m - r % 3000 / 100m, start.AddDays(r % 365), $"Card {r}", null, "Food", false));
            db.Add(Transaction.Record(user.Id, checking.Id, "move", -750.00m, new DateOnly(2026, 6, 10), "To savings", null, null, false));
            db.Add(Transaction.Record(user.Id, checking.Id, "too-early", -750m, new DateOnly(2026, 5, 1), "To savings", null, null, false));
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }

        // The savings side of the move (750, scale 0) and two amounts nobody mirrors.
        var amounts = TransferCandidatesSpec.Mirrors([750m, 12_345.67m, 0.01m]).Single();
        var (from, to) = (new DateOnly(2026, 6, 8), new DateOnly(2026, 6, 14));
        await using var context = database.CreateContext(userId: user.Id);

        var mirrors = SpecificationQuery.Apply(context.Transactions, new TransferMirrorsElsewhereSpec(user.Id, savings.Id, amounts, from, to));
        Assert.Equal([(CurrencyCode.Usd, -750m)], (await mirrors.ToListAsync()).Select(m => (m.Currency, m.Amount)));
        await AssertProbesIndexAsync(context, mirrors, provider);

        var candidates = SpecificationQuery.Apply(context.Transactions, new TransferCandidatesSpec(user.Id, amounts, from, to));
        Assert.Equal(["move"], (await candidates.ToListAsync()).Select(t => t.TransactionId));
        await AssertProbesIndexAsync(context, candidates, provider);
    }

    /// <summary>
    /// SQLite has no autovacuum: without statistics its planner reads the lookup through the date index (the user's
    /// whole window, per 500 amounts). An import refreshes them (<c>PRAGMA optimize</c> after the merge), so the next
    /// lookup probes the amount index. Nothing here runs ANALYZE itself.
    /// </summary>
    [Fact]
    public async Task After_an_import_Sqlite_has_the_statistics_to_probe_the_amount_index()
    {
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Sqlite);
        var user = await api.CreateUserAsync();
        var checking = (await user.CreateAccountAsync(name: "Checking")).Id();
        var savings = (await user.CreateAccountAsync(name: "Savings")).Id();
        await user.ImportAsync(checking, [.. Enumerable.Range(0, 1000).Select(i => Txn($"c-{i}", -1m - i % 500 / 100m, $"2026-{i % 12 + 1:D2}-{i % 28 + 1:D2}", $"Card {i}"))]);

        await using var context = api.Database.CreateContext(userId: user.Id);
        var lookup = SpecificationQuery.Apply(context.Transactions, new TransferMirrorsElsewhereSpec(user.Id, savings,
            TransferCandidatesSpec.Mirrors([750m, 2.5m]).Single(), new DateOnly(2026, 6, 8), new DateOnly(2026, 6, 14)));
        await AssertProbesIndexAsync(context, lookup, DatabaseProvider.Sqlite);
    }

    [Fact]
    public void Mirrors_are_the_distinct_negated_amounts_in_bounded_chunks()
    {
        var chunks = TransferCandidatesSpec.Mirrors(Enumerable.Range(0, 1200).Select(i => i / 2 + 0.5m).Append(0.50m)).ToList();
        Assert.Equal([500, 100], chunks.Select(c => c.Length));
        Assert.Equal(-0.5m, chunks[0][0]);
        Assert.All(chunks.SelectMany(c => c), a => Assert.True(a < 0));
    }

    private static async Task AssertProbesIndexAsync<T>(DbContext context, IQueryable<T> query, DatabaseProvider provider)
    {
        var plan = await QueryPlans.ExplainAsync(context, query, provider);
        if (provider == DatabaseProvider.Sqlite)
        {
            Assert.Contains($"USING INDEX {Index}", plan, StringComparison.Ordinal);
            Assert.DoesNotMatch(new Regex(@"SCAN \w+(?! USING)"), plan);
        }
        else
        {
            Assert.Contains(Index, plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan on transactions", plan, StringComparison.Ordinal);
        }
    }
}
