using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.History;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Integration.Tests.NetWorth;

/// <summary>
/// The net-worth series reads stored rows through the (user_id, date) index and never replays transactions: the plan of
/// the query the series sends, as each engine's EXPLAIN shows it, over five years of ten accounts for three users.
/// </summary>
public sealed class BalanceHistoryPlanTests
{
    private const string Index = "ix_account_balance_days_user_date";

    [Theory]
    [MemberData(nameof(QueryPlans.Engines), MemberType = typeof(QueryPlans))]
    public async Task A_five_year_daily_series_is_an_index_range_read_of_stored_rows(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var users = new List<Guid>();
        await using (var db = database.CreateContext(systemScope: true))
        {
            for (var u = 0; u < 3; u++)
            {
                var user = User.Register(Email.Create($"plan{u}-{Guid.NewGuid():N}@example.com"), "pbkdf2-sha256$1$salt$hash");
                var connection = BankConnection.CreateManual(user.Id, "Manual");
                db.AddRange(user, connection);
                var start = new DateOnly(2021, 1, 1);
                for (var a = 0; a < 10; a++)
                {
                    var account = Account.OpenManual(user.Id, connection.Id, null, $"Account {a}", AccountType.Depository, null, 0m, CurrencyCode.Usd);
                    db.Add(account);
                    for (var d = 0; d < 1826; d++)
                        db.BalanceDays.Add(new AccountBalanceDay { AccountId = account.Id, UserId = user.Id, Date = start.AddDays(d), Currency = CurrencyCode.Usd, Closing = d });
                }
                users.Add(user.Id);
            }
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }

        await using var context = database.CreateContext(userId: users[1]);
        var query = new BalanceHistoryReader(context).InRange(new DateOnly(2021, 1, 1), new DateOnly(2025, 12, 31));
        Assert.Equal(18_260, await query.CountAsync());
        await using var command = query.CreateDbCommand();
        Assert.DoesNotContain("transactions", command.CommandText, StringComparison.OrdinalIgnoreCase);

        var plan = await QueryPlans.ExplainAsync(context, command, provider);
        if (provider == DatabaseProvider.Sqlite)
        {
            // SQLite may start from the user's accounts (ix_accounts_user) and read each one's days by its key range
            // (account_id, date): an index range read of stored rows either way, never a scan of the table.
            Assert.Matches(new System.Text.RegularExpressions.Regex(@"SEARCH \w+ USING (INDEX ix_account_balance_days_user_date|(COVERING INDEX|INDEX|PRIMARY KEY) \S*\s*\(account_id=\? AND date>\? AND date<\?\))"), plan);
            Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex(@"SCAN \w+(?! USING)"), plan.Replace("SCAN a0 USING", "", StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains(Index, plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan on account_balance_days", plan, StringComparison.Ordinal);
        }
    }
}
