using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using FinInfra.Application.Transactions;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Repositories;
using FinInfra.Integration.Tests.Api;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Transactions;

/// <summary>
/// The transaction list's SQL and plans (issue 10): a user's page reaches the database as a plain
/// <c>user_id = @p</c> with no runtime OR and no EXISTS over accounts, the keyset bounds the date so the
/// <c>(user_id, date desc, id desc)</c> index serves every page, and each engine's plan says so.
/// </summary>
public sealed class TransactionListQueryTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_users_page_is_a_plain_owner_predicate_and_a_system_scope_has_none(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var user = await SeedAsync(database, "sql@example.com", accounts: 1, rowsPerAccount: 3);

        await using var db = database.CreateContext(userId: user);
        var first = Page(db, null).ToQueryString();
        Assert.Matches(new Regex(@"user_id[`""\]]?\s*=\s*@", RegexOptions.IgnoreCase), first);
        Assert.DoesNotContain(" OR ", first, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("EXISTS", first, StringComparison.OrdinalIgnoreCase);
        // A keyset page adds its own bound and nothing else.
        var deeper = Page(db, (new DateOnly(2026, 3, 1), Guid.NewGuid())).ToQueryString();
        Assert.Single(Regex.Matches(deeper, @"\bOR\b", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("EXISTS", deeper, StringComparison.OrdinalIgnoreCase);

        // The same context in a system scope: no owner predicate at all (not a predicate that is true at run time).
        using (db.Scope.BeginSystemScope())
        {
            var system = Page(db, null).ToQueryString();
            Assert.DoesNotMatch(new Regex(@"user_id[`""\]]?\s*=", RegexOptions.IgnoreCase), system.Split("WHERE").Skip(1).DefaultIfEmpty("").First());
            Assert.Equal(3, await Page(db, null).CountAsync());
        }
        Assert.Equal(3, await Page(db, null).CountAsync());
    }

    /// <summary>
    /// Both query paths of a page: the repository's compiled query (an unfiltered page) and the specification's (what
    /// a filtered page runs) return the same rows, page after page, and together walk the user's rows once each.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Keyset_pages_walk_every_row_once_in_the_databases_order(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var user = await SeedAsync(database, "pages@example.com", accounts: 2, rowsPerAccount: 40);
        await SeedAsync(database, "other@example.com", accounts: 1, rowsPerAccount: 40);

        await using var db = database.CreateContext(userId: user);
        var expected = await db.Transactions.AsNoTracking().OrderByDescending(t => t.Date).ThenByDescending(t => t.Id).Select(t => t.Id).ToListAsync();
        Assert.Equal(80, expected.Count);

        var repository = new EfReadRepository<Transaction>(db);
        var walked = new List<Guid>();
        (DateOnly, Guid)? after = null;
        for (var page = 0; page < 100; page++)
        {
            var spec = new TransactionsByFilterSpec(TransactionPageQuery.NoFilter, after, 7);
            Assert.True(spec.IsUnfiltered);
            var rows = await repository.ListAsync(spec);
            Assert.Equal(await db.Transactions.AsNoTracking().Where(t => true).ApplyPage(after, 7).ToListAsync(), rows);
            walked.AddRange(rows.Take(7).Select(r => r.Id));
            if (rows.Count <= 7) break;
            after = (rows[6].Date, rows[6].Id);
        }
        Assert.Equal(expected, walked);

        // A filtered page is not the compiled shape, and a system scope never takes the compiled path.
        Assert.False(new TransactionsByFilterSpec(new TransactionFilter(null, null, null, "food", null, null), null, 7).IsUnfiltered);
        using (db.Scope.BeginSystemScope())
            Assert.Equal(120, (await repository.ListAsync(new TransactionsByFilterSpec(TransactionPageQuery.NoFilter, null, 500))).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deleted_accounts_transactions_leave_every_read_and_come_back_when_it_is_restored(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var card = await user.CreateAccountAsync();
        var wallet = await user.CreateAccountAsync();
        await user.ImportAsync(card.Id(), ApiScenario.Txn("c1", -20m, "2026-03-01", "Shoes", category: "Shopping"), ApiScenario.Txn("c2", -5m, "2026-03-02", "Socks", category: "Shopping"));
        await user.ImportAsync(wallet.Id(), ApiScenario.Txn("w1", -3m, "2026-03-02", "Coffee", category: "Food"));
        var shoes = (await user.GetJsonAsync($"/api/v1/transactions?accountId={card.Id()}")).GetProperty("items").EnumerateArray().First().Id();

        await EnsureStatusAsync(await user.Client.DeleteAsync($"/api/v1/accounts/{card.Id()}"), System.Net.HttpStatusCode.NoContent);
        Assert.Equal(["w1"], (await user.GetJsonAsync("/api/v1/transactions")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("transactionId").GetString()));
        await AssertProblemAsync(await user.Client.GetAsync($"/api/v1/transactions/{shoes}"), System.Net.HttpStatusCode.NotFound);
        var spending = await user.GetJsonAsync("/api/v1/analytics/spending?from=2026-03-01&to=2026-03-31");
        Assert.DoesNotContain("Shopping", spending.GetRawText(), StringComparison.Ordinal);

        // A row that reaches the deleted account (a sync of its connection, a restore of an archive) starts hidden too.
        await using (var db = api.Database.CreateContext(systemScope: true))
        {
            var owner = await db.Accounts.IgnoreQueryFilters().Where(a => a.Id == card.Id()).Select(a => a.UserId).SingleAsync();
            db.Add(Transaction.Record(owner, card.Id(), "c3", -7m, new DateOnly(2026, 3, 3), "Laces", null, "Shopping", false));
            await db.SaveChangesAsync();
        }
        Assert.Single((await user.GetJsonAsync("/api/v1/transactions")).GetProperty("items").EnumerateArray());

        await user.PostAsync($"/api/v1/accounts/{card.Id()}/restore", new { }, System.Net.HttpStatusCode.OK);
        Assert.Equal(["c1", "c2", "c3", "w1"], (await user.GetJsonAsync("/api/v1/transactions")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("transactionId").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(shoes, (await user.GetJsonAsync($"/api/v1/transactions/{shoes}")).Id());
    }

    [Fact]
    public async Task Sqlite_serves_the_first_and_a_deep_page_from_the_list_index_without_a_sort()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        var (user, deep) = await SeedForPlansAsync(database);
        await using var db = database.CreateContext(userId: user);
        foreach (var after in new (DateOnly, Guid)?[] { null, deep })
        {
            // The specification's SQL (filtered pages) and the compiled query the repository runs for an unfiltered one.
            foreach (var plan in new[]
                     {
                         await ExplainAsync(db, "EXPLAIN QUERY PLAN ", Page(db, after), reader => reader.GetString(3)),
                         await ExplainAsync(db, "EXPLAIN QUERY PLAN ", await RepositoryCommandAsync(database, user, after), reader => reader.GetString(3)),
                     })
            {
                Assert.Contains("ix_transactions_user_date_id", plan, StringComparison.Ordinal);
                Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
                Assert.DoesNotMatch(new Regex(@"SCAN (t|transactions)\b(?! USING)"), plan);
            }
        }
    }

    [Fact]
    public async Task Postgres_serves_the_first_and_a_deep_page_from_the_list_index_even_with_a_generic_plan()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Postgres);
        var (user, deep) = await SeedForPlansAsync(database);
        await using var db = database.CreateContext(userId: user);
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE transactions");
        foreach (var mode in new[] { "SET plan_cache_mode = force_custom_plan", "SET plan_cache_mode = force_generic_plan" })
        {
            // A generic plan is what a prepared statement gets after five runs: it must not depend on the values.
            await db.Database.ExecuteSqlRawAsync(mode);
            foreach (var after in new (DateOnly, Guid)?[] { null, deep })
            {
                // The specification's SQL (filtered pages) and the compiled query the repository runs for an unfiltered one.
                var repository = await RepositoryCommandAsync(database, user, after);
                foreach (var plan in new[]
                         {
                             await ExplainAsync(db, "EXPLAIN ", Page(db, after), reader => reader.GetString(0)),
                             await ExplainAsync(db, "EXPLAIN ", repository, reader => reader.GetString(0)),
                         })
                {
                    Assert.Contains("Index Scan using ix_transactions_user_date_id", plan, StringComparison.Ordinal);
                    Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
                    Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
                    Assert.DoesNotContain("accounts", plan, StringComparison.Ordinal);
                }
                // The compiled keyset is a row comparison inside the index condition: no row of the cursor's day is
                // read and then filtered out.
                if (after is not null)
                {
                    var plan = await ExplainAsync(db, "EXPLAIN ", repository, reader => reader.GetString(0));
                    Assert.Matches(@"Index Cond: .*ROW\(.*date, .*id\) < ROW\(", plan);
                    Assert.DoesNotMatch(@"Filter: .*\bdate\b", plan);
                }
            }
        }
    }

    /// <summary>The command the repository sends for the unfiltered page (its compiled query), captured as it runs.</summary>
    private static async Task<DbCommand> RepositoryCommandAsync(TestDatabase database, Guid user, (DateOnly, Guid)? after)
    {
        var capture = new CommandCapture();
        await using var db = database.Engine.CreateContext(database.Settings.ConnectionString, new DataScope(new TestDatabase.FixedUser(user)), capture);
        await new EfReadRepository<Transaction>(db).ListAsync(new TransactionsByFilterSpec(TransactionPageQuery.NoFilter, after, 50));
        return capture.Last ?? throw new InvalidOperationException("no command was sent");
    }

    private static async Task<string> ExplainAsync(AppDbContext db, string prefix, DbCommand captured, Func<DbDataReader, string> line)
    {
        if (db.Database.GetDbConnection().State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync();
        await using var command = CommandCapture.Copy(captured, db.Database.GetDbConnection());
        command.CommandText = prefix + command.CommandText;
        var plan = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.AppendLine(line(reader));
        return plan.ToString();
    }

    private sealed class CommandCapture : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public DbCommand? Last { get; private set; }

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
            Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<DbDataReader> result,
            CancellationToken cancellationToken = default)
        {
            Last = Copy(command, command.Connection!);
            return ValueTask.FromResult(result);
        }

        /// <summary>The command's text and parameters on <paramref name="connection"/>.</summary>
        public static DbCommand Copy(DbCommand command, DbConnection connection)
        {
            var copy = connection.CreateCommand();
            copy.CommandText = command.CommandText;
            foreach (DbParameter parameter in command.Parameters)
            {
                var p = copy.CreateParameter();
                p.ParameterName = parameter.ParameterName;
                p.Value = parameter.Value;
                p.DbType = parameter.DbType;
                copy.Parameters.Add(p);
            }
            return copy;
        }
    }

    [Fact]
    public async Task MariaDb_serves_the_first_and_a_deep_page_from_the_list_index_without_a_filesort()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.MySql);
        var (user, deep) = await SeedForPlansAsync(database);
        await using var db = database.CreateContext(userId: user);
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE TABLE transactions");
        foreach (var after in new (DateOnly, Guid)?[] { null, deep })
        {
            static string Line(DbDataReader reader) => $"key={reader["key"]} extra={reader["Extra"]}";
            foreach (var plan in new[]
                     {
                         await ExplainAsync(db, "EXPLAIN ", Page(db, after), Line),
                         await ExplainAsync(db, "EXPLAIN ", await RepositoryCommandAsync(database, user, after), Line),
                     })
            {
                Assert.Contains("key=ix_transactions_user_date_id", plan, StringComparison.Ordinal);
                Assert.DoesNotContain("filesort", plan, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>The list's page query, built the way the repository builds it.</summary>
    private static IQueryable<TransactionDto> Page(AppDbContext db, (DateOnly, Guid)? after) => db.Transactions.AsNoTracking().ApplyPage(after, 50);

    private static async Task<string> ExplainAsync<T>(AppDbContext db, string prefix, IQueryable<T> query, Func<DbDataReader, string> line)
    {
        await using var command = query.CreateDbCommand();
        return await ExplainAsync(db, prefix, command, line);
    }

    /// <summary>Five users with 1,500 rows each over a year, so a planner has a real choice; returns one user and a cursor deep in their list.</summary>
    private static async Task<(Guid User, (DateOnly, Guid) Deep)> SeedForPlansAsync(TestDatabase database)
    {
        Guid first = default;
        for (var i = 0; i < 5; i++)
        {
            var user = await SeedAsync(database, $"plan{i}@example.com", accounts: 3, rowsPerAccount: 500);
            if (i == 0) first = user;
        }
        await using var db = database.CreateContext(userId: first);
        var deep = await db.Transactions.AsNoTracking().OrderByDescending(t => t.Date).ThenByDescending(t => t.Id).Skip(700).Select(t => new { t.Date, t.Id }).FirstAsync();
        return (first, (deep.Date, deep.Id));
    }

    private static async Task<Guid> SeedAsync(TestDatabase database, string email, int accounts, int rowsPerAccount)
    {
        var user = User.Register(Email.Create(email), "pbkdf2-sha256$1$c2FsdA==$aGFzaA==");
        var connection = BankConnection.CreateManual(user.Id, "Cash");
        await using var db = database.CreateContext(systemScope: true);
        db.AddRange(user, connection);
        var start = new DateOnly(2025, 3, 1);
        for (var a = 0; a < accounts; a++)
        {
            var account = Account.OpenManual(user.Id, connection.Id, null, $"Account {a}", AccountType.Depository, null, 0m, CurrencyCode.Usd);
            db.Add(account);
            for (var r = 0; r < rowsPerAccount; r++)
                db.Add(Transaction.Record(user.Id, account.Id, $"t{a}-{r}", -1m - r, start.AddDays(r % 365), $"Row {r}", null, "Food", false));
        }
        await db.SaveChangesAsync();
        return user.Id;
    }
}

internal static class TransactionPageQuery
{
    /// <summary>The spec's keyset, order and projection on any query of transactions, for walking pages in a test.</summary>
    public static IQueryable<TransactionDto> ApplyPage(this IQueryable<Transaction> query, (DateOnly, Guid)? after, int limit) =>
        SpecificationQuery.Apply(query, new TransactionsByFilterSpec(NoFilter, after, limit));

    public static readonly TransactionFilter NoFilter = new(null, null, null, null, null, null);
}
