using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Integration.Tests.Api;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>
/// Deadlocks and serialization failures never reach a client as a 500 (issue 10): the transaction step runs the
/// losing transaction again from the start, a bounded number of times, and only then answers 503 with Retry-After.
/// </summary>
public sealed class TransientConflictTests
{
    public static IEnumerable<object[]> ServerEngines => [[DatabaseProvider.Postgres], [DatabaseProvider.MySql]];

    [Theory]
    [MemberData(nameof(ServerEngines))]
    public async Task A_real_deadlock_between_two_transactions_is_retried_and_both_commit(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var seed = await PersistenceTestData.SeedAsync(database, "ada@example.com");
        var (checking, card) = (seed.Checking.Id, seed.Card.Id);
        var aLocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bLocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = 0;

        // Each locks one account, waits (on its first run only) until the other holds the other account, then asks for it.
        async Task<string> RunAsync(string name, Guid first, Guid second, TaskCompletionSource mine, TaskCompletionSource theirs)
        {
            await using var db = database.CreateContext(systemScope: true);
            var unitOfWork = new UnitOfWork(db);
            return await unitOfWork.ExecuteInTransactionAsync(async cancellationToken =>
            {
                var attempt = Interlocked.Increment(ref attempts);
                await db.Accounts.Where(a => a.Id == first).ExecuteUpdateAsync(u => u.SetProperty(a => a.Name, name), cancellationToken);
                if (!mine.Task.IsCompleted)
                {
                    mine.TrySetResult();
                    await theirs.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                }
                await db.Accounts.Where(a => a.Id == second).ExecuteUpdateAsync(u => u.SetProperty(a => a.Name, name), cancellationToken);
                return $"{name} after {attempt}";
            });
        }

        var both = await Task.WhenAll(RunAsync("A", checking, card, aLocked, bLocked), RunAsync("B", card, checking, bLocked, aLocked));

        Assert.Equal(2, both.Length);
        Assert.Equal(3, attempts); // two first runs, one of them the deadlock's victim, run once more
        await using var check = database.CreateContext(systemScope: true);
        var names = await check.Accounts.Where(a => a.Id == checking || a.Id == card).Select(a => a.Name).Distinct().ToListAsync();
        Assert.Single(names); // the retried transaction ran whole, after the winner: both rows carry its name
    }

    /// <summary>
    /// Once armed, makes the import's transaction lose as a deadlock victim would, for its first <c>times</c> runs: its read
    /// of the account fails with PostgreSQL's 40P01 (the rows themselves are written by the bulk writer's own commands).
    /// </summary>
    private sealed class DeadlockOnInsert(int times) : DbCommandInterceptor
    {
        private int _thrown;

        public volatile bool Armed;

        public int Thrown => _thrown;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            MaybeThrow(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            MaybeThrow(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void MaybeThrow(DbCommand command)
        {
            if (!Armed || command.Transaction is null || !command.CommandText.Contains("FROM accounts", StringComparison.Ordinal) || Volatile.Read(ref _thrown) >= times) return;
            Interlocked.Increment(ref _thrown);
            throw new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task An_import_that_loses_to_a_deadlock_is_run_again_and_stored_once(int losses)
    {
        var deadlock = new DeadlockOnInsert(losses);
        await using var api = ApiFactory.Create(await TestDatabase.CreateMigratedAsync(DatabaseProvider.Postgres),
            services => ApiFactory.ConfigureEngineContext(services, DatabaseProvider.Postgres, options => options.AddInterceptors(deadlock)));
        var user = await api.CreateUserAsync();
        var account = (await user.CreateAccountAsync()).Id();
        var rows = Enumerable.Range(1, 20).Select(i => new { transactionId = $"t{i}", amount = -1m * i, date = "2026-03-01", name = $"Row {i}" }).ToArray();
        deadlock.Armed = true;

        var imported = await (await user.Client.PostAsJsonAsync($"/api/v1/accounts/{account}/transactions", new { transactions = rows }, Json)).ReadJsonAsync();

        Assert.Equal(20, imported.GetProperty("inserted").GetInt32());
        Assert.Equal(losses, deadlock.Thrown);
        await using var db = api.Database.CreateContext(systemScope: true);
        Assert.Equal(20, await db.Transactions.CountAsync());
    }

    [Fact]
    public async Task An_import_that_keeps_losing_is_503_with_retry_after_and_stores_nothing()
    {
        var deadlock = new DeadlockOnInsert(int.MaxValue);
        await using var api = ApiFactory.Create(await TestDatabase.CreateMigratedAsync(DatabaseProvider.Postgres),
            services => ApiFactory.ConfigureEngineContext(services, DatabaseProvider.Postgres, options => options.AddInterceptors(deadlock)));
        var user = await api.CreateUserAsync();
        var account = (await user.CreateAccountAsync()).Id();
        deadlock.Armed = true;

        var response = await user.Client.PostAsJsonAsync($"/api/v1/accounts/{account}/transactions",
            new { transactions = new[] { new { transactionId = "t1", amount = -5m, date = "2026-03-01", name = "Coffee" } } }, Json);

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
        Assert.DoesNotContain("40P01", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(UnitOfWork.MaxAttempts, deadlock.Thrown);
        await using var db = api.Database.CreateContext(systemScope: true);
        Assert.Equal(0, await db.Transactions.CountAsync());
    }
}
