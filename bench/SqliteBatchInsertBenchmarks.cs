using BenchmarkDotNet.Attributes;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Interceptors;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Benchmarks;

/// <summary>
/// Importing a sync page: 1,000 transactions into a migrated SQLite file (WAL, same interceptors as the service),
/// in one SaveChanges versus one SaveChanges per row — why imports are batched.
/// </summary>
[MemoryDiagnoser]
public class SqliteBatchInsertBenchmarks
{
    private const int Rows = 1_000;
    private string _file = null!;
    private DatabaseSettings _settings = null!;
    private Guid _userId;
    private Guid _accountId;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _file = Path.Combine(Path.GetTempPath(), $"fininfra-bench-{Guid.NewGuid():N}.db");
        _settings = DatabaseSettings.FromUrl($"sqlite:///{_file}");
        using var db = CreateContext(system: true);
        DatabasePreparation.ConfigureSqliteAsync(db).GetAwaiter().GetResult();
        db.Database.Migrate();
        var user = User.Register(Email.Create("bench@example.com"), "pbkdf2-sha256$1$x$y");
        var connection = BankConnection.CreateManual(user.Id, "Bench");
        var account = Account.OpenManual(user.Id, connection.Id, null, "Checking", AccountType.Depository, null, 0m, CurrencyCode.Usd);
        db.AddRange(user, connection, account);
        db.SaveChanges();
        (_userId, _accountId) = (user.Id, account.Id);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_file + suffix);
    }

    [Benchmark(Baseline = true, Description = "1,000 transactions, one SaveChanges")]
    public async Task BatchInsert()
    {
        await using var db = CreateContext(system: false);
        db.Transactions.AddRange(NewTransactions());
        await db.SaveChangesAsync();
    }

    [Benchmark(Description = "1,000 transactions, SaveChanges per row")]
    public async Task RowByRowInsert()
    {
        await using var db = CreateContext(system: false);
        foreach (var transaction in NewTransactions())
        {
            db.Transactions.Add(transaction);
            await db.SaveChangesAsync();
        }
    }

    private IEnumerable<Transaction> NewTransactions()
    {
        var round = Interlocked.Increment(ref _round);
        var day = new DateOnly(2026, 1, 1);
        for (var i = 0; i < Rows; i++)
            yield return Transaction.Record(_userId, _accountId, $"r{round}-{i}", -(i % 500) - 0.99m, day.AddDays(i % 365), "Purchase", "Shop", "Food", i % 10 == 0);
    }

    private SqliteAppDbContext CreateContext(bool system)
    {
        var scope = new DataScope(new BenchUser(() => _userId));
        if (system) scope.BeginSystemScope();
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite(_settings.ConnectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new AuditingInterceptor(TimeProvider.System), new SqlitePragmaInterceptor(20_000))
            .Options;
        var context = new SqliteAppDbContext(options);
        context.UseScope(scope);
        return context;
    }

}
