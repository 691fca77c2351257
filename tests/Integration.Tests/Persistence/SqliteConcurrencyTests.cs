using FinInfra.Domain.Goals;
using FinInfra.Domain.Transactions;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>One SQLite file, many writers: WAL plus a busy timeout make them queue instead of failing with "database is locked".</summary>
public sealed class SqliteConcurrencyTests
{
    [Fact]
    public async Task Twenty_concurrent_writers_on_one_Sqlite_file_all_succeed()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        var data = await PersistenceTestData.SeedAsync(database, "busy@example.com");

        await using (var db = database.CreateContext(systemScope: true))
            Assert.Equal("wal", await new SchemaReader(db, DatabaseProvider.Sqlite).SqliteJournalModeAsync());

        const int writers = 20, rowsEach = 25;
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            start.Wait();
            for (var i = 0; i < rowsEach; i++)
            {
                // A fresh context (and pooled connection) per write, each its own transaction, as requests do.
                await using var db = database.CreateContext(userId: data.User.Id);
                db.Transactions.Add(Transaction.Record(data.User.Id, data.Checking.Id, $"w{writer}-{i}", -1.25m, new DateOnly(2026, 4, 1), "Load", null, "Test", false));
                db.Goals.Add(Goal.Create(data.User.Id, $"g{writer}-{i}", 10m, 0m, new DateOnly(2027, 1, 1), GoalPriority.Low));
                await db.SaveChangesAsync();
            }
        })).ToList();
        start.Set();
        await Task.WhenAll(tasks);

        await using var check = database.CreateContext(userId: data.User.Id);
        Assert.Equal(writers * rowsEach + 3, await check.Transactions.CountAsync());
        Assert.Equal(writers * rowsEach + 1, await check.Goals.CountAsync());
    }
}
