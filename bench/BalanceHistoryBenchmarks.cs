using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.ExchangeRates;
using FinInfra.Application.NetWorth;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.ExchangeRates;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Engines;
using FinInfra.Infrastructure.Persistence.History;
using FinInfra.Infrastructure.Persistence.Interceptors;
using FinInfra.Infrastructure.Persistence.Repositories;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Benchmarks;

/// <summary>
/// Issue 12's speed goals, each as a ratio to a baseline measured in the same run: the hand-written SELECT of one user's
/// stored rows for five years (what any series must at least read).
/// <list type="bullet">
/// <item><c>FullHistory</c>: the whole history of 10 accounts over 5 years (18,260 account-days, one transaction a day
/// each) computed from nothing through the production path — the unit of work applying <c>IBalanceHistory</c> before
/// its commit. Goal: under a second.</item>
/// <item><c>DailySeries</c>: the 5-year daily net-worth series as <c>GET /net-worth/history</c> builds it (stored rows
/// through the (user_id, date) index, summed per day). Goal: a small multiple of the baseline — it never replays transactions.</item>
/// </list>
/// SQLite always; PostgreSQL when <c>FININFRA_BENCH_POSTGRES</c> holds the connection string of an empty database.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class BalanceHistoryBenchmarks
{
    private const int Accounts = 10;
    private static readonly DateOnly Start = new(2021, 1, 1);
    private static readonly DateOnly End = Start.AddDays(1825);

    private string? _file;
    private DatabaseSettings _settings = null!;
    private DatabaseEngine _engine = null!;
    private Guid _userId;
    private readonly List<Guid> _accountIds = [];
    private readonly TimeProvider _clock = new FixedClock(new DateTimeOffset(End.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));

    public static IEnumerable<DatabaseProvider> Engines() =>
        Environment.GetEnvironmentVariable("FININFRA_BENCH_POSTGRES") is { Length: > 0 } ? [DatabaseProvider.Sqlite, DatabaseProvider.Postgres] : [DatabaseProvider.Sqlite];

    [ParamsSource(nameof(Engines))]
    public DatabaseProvider Engine { get; set; }

    /// <summary>The PostgreSQL database to use (an empty one); <c>FININFRA_BENCH_POSTGRES</c> when not set.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The rows one full computation writes.</summary>
    public const int AccountDays = Accounts * 1826;

    [GlobalSetup]
    public void Setup()
    {
        if (Engine == DatabaseProvider.Sqlite)
        {
            _file = Path.Combine(Path.GetTempPath(), $"fininfra-bench-history-{Guid.NewGuid():N}.db");
            _settings = DatabaseSettings.FromUrl($"sqlite:///{_file}");
        }
        else _settings = new DatabaseSettings(DatabaseProvider.Postgres, PostgresConnectionString ?? Environment.GetEnvironmentVariable("FININFRA_BENCH_POSTGRES")!);
        _engine = DatabaseEngines.For(_settings.Provider);
        using var db = Context(system: true);
        if (Engine == DatabaseProvider.Sqlite) DatabasePreparation.ConfigureSqliteAsync(db).GetAwaiter().GetResult();
        db.Database.Migrate();
        var user = User.Register(Email.Create($"bench-{Guid.NewGuid():N}@example.com"), "pbkdf2-sha256$1$x$y");
        var connection = BankConnection.CreateManual(user.Id, "Bench");
        db.AddRange(user, connection);
        _userId = user.Id;
        for (var a = 0; a < Accounts; a++)
        {
            var account = Account.FromProvider(user.Id, connection.Id, $"acc-{a}", $"Account {a}", a % 3 == 2 ? AccountType.Credit : AccountType.Depository, null, 1000m + a, CurrencyCode.Usd);
            db.Add(account);
            _accountIds.Add(account.Id);
            for (var d = 0; d <= 1825; d++)
                db.Add(Transaction.Record(user.Id, account.Id, $"t{a}-{d}", d % 7 == 0 ? 250m : -(d % 40) - 0.25m, Start.AddDays(d), "Purchase", null, "Food", false, source: TransactionSource.Provider));
        }
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.SaveChanges();
        FullHistory().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_file is null) return;
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_file + suffix);
    }

    [Benchmark(Baseline = true, Description = "baseline: hand-written SELECT of 5 years of stored rows")]
    public async Task<int> SelectStoredRows()
    {
        await using var db = Context(system: false);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT account_id, date, closing FROM account_balance_days WHERE user_id = @user AND date >= @from AND date <= @to";
        AddParameter(command, "@user", Engine == DatabaseProvider.Sqlite ? _userId.ToString().ToUpperInvariant() : _userId);
        AddParameter(command, "@from", Engine == DatabaseProvider.Sqlite ? Start.ToString("yyyy-MM-dd") : Start);
        AddParameter(command, "@to", Engine == DatabaseProvider.Sqlite ? End.ToString("yyyy-MM-dd") : End);
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            _ = reader.GetValue(2);
            rows++;
        }
        return rows;
    }

    /// <summary>
    /// The same SELECT, reading every value it returns as its type (the account id, the day, the closing): on SQLite, where
    /// each is stored as text, what any reader of these rows pays at least. A second baseline, printed beside the first.
    /// </summary>
    public async Task<int> SelectAndReadStoredRows()
    {
        await using var db = Context(system: false);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT account_id, date, closing FROM account_balance_days WHERE user_id = @user AND date >= @from AND date <= @to";
        AddParameter(command, "@user", Engine == DatabaseProvider.Sqlite ? _userId.ToString().ToUpperInvariant() : _userId);
        AddParameter(command, "@from", Engine == DatabaseProvider.Sqlite ? Start.ToString("yyyy-MM-dd") : Start);
        AddParameter(command, "@to", Engine == DatabaseProvider.Sqlite ? End.ToString("yyyy-MM-dd") : End);
        var rows = new List<(Guid, DateOnly, decimal)>(AccountDays);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1), reader.GetDecimal(2)));
        return rows.Count;
    }

    [Benchmark(Description = "5-year daily net-worth series (stored rows, summed per day)")]
    public async Task<int> DailySeries()
    {
        await using var db = Context(system: false);
        var user = new BenchUser(_userId);
        var calculator = new NetWorthCalculator(new EfReadRepository<Account>(db), new BalanceHistoryReader(db), user,
            new CurrencyConverter(new ExchangeRateStore(db), new ExchangeRateSettings()));
        var days = Application.NetWorth.GetNetWorthHistory.GetNetWorthHistoryQuery.PointDays(Start, End, Application.NetWorth.GetNetWorthHistory.NetWorthInterval.Day);
        var series = await calculator.SeriesAsync(Start, End, days, CancellationToken.None);
        var conversion = await calculator.PrepareAsync(CurrencyCode.Usd, series, Start, End, CancellationToken.None);
        return NetWorthCalculator.SumSeries(series, CurrencyCode.Usd, conversion).Points.Count;
    }

    [Benchmark(Description = "full history of 10 accounts x 5 years, from nothing (18,260 account-days)")]
    public async Task FullHistory()
    {
        await using var db = Context(system: false);
        var history = new BalanceHistory(db, _clock, DatabaseEngines.For(Engine));
        await new UnitOfWork(db, null, history).ExecuteInTransactionAsync(async ct =>
        {
            await db.BalanceDays.ExecuteDeleteAsync(ct);
            foreach (var id in _accountIds) history.AccountChanged(id, DateOnly.MinValue);
            return 0;
        });
    }

    private List<(Guid Account, DateOnly Date, string Currency, decimal Opening, decimal Inflow, decimal Outflow, decimal Closing)>? _written;

    /// <summary>
    /// The full computation's baseline, by hand on one connection: in one transaction, delete the rows, read every
    /// transaction (account, date, amount) in order, and write the same 18,260 rows the computation stores through the
    /// engine's fastest load (PostgreSQL: binary COPY; SQLite: one prepared INSERT, rebound per row). What any
    /// computation must at least do: read its input, write its output.
    /// </summary>
    public async Task<int> WriteRowsByHand()
    {
        if (_written is null)
        {
            await using var stored = Context(system: false);
            _written = (await stored.BalanceDays.AsNoTracking().OrderBy(r => r.AccountId).ThenBy(r => r.Date).ToListAsync())
                .Select(r => (r.AccountId, r.Date, r.Currency.Value, r.Opening, r.Inflow, r.Outflow, r.Closing)).ToList();
        }
        await using var db = Context(system: false);
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync();
        var sqlite = Engine == DatabaseProvider.Sqlite;
        object Id(Guid id) => sqlite ? id.ToString().ToUpperInvariant() : id;
        object Day(DateOnly d) => sqlite ? d.ToString("yyyy-MM-dd") : d;
        object Money(decimal m) => sqlite ? m.ToString(System.Globalization.CultureInfo.InvariantCulture) : m;
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM account_balance_days WHERE user_id = @user";
            AddParameter(delete, "@user", Id(_userId));
            await delete.ExecuteNonQueryAsync();
        }
        var read = 0;
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT account_id, date, amount FROM transactions WHERE user_id = @user AND NOT pending ORDER BY account_id, date";
            AddParameter(select, "@user", Id(_userId));
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                _ = reader.GetValue(2);
                read++;
            }
        }
        var userId = _userId;
        if (connection is Npgsql.NpgsqlConnection npgsql)
        {
            await using var copy = await npgsql.BeginBinaryImportAsync(
                "COPY account_balance_days (account_id, user_id, date, currency, opening, inflow, outflow, closing) FROM STDIN (FORMAT BINARY)");
            foreach (var r in _written)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(r.Account, NpgsqlTypes.NpgsqlDbType.Uuid);
                await copy.WriteAsync(userId, NpgsqlTypes.NpgsqlDbType.Uuid);
                await copy.WriteAsync(r.Date, NpgsqlTypes.NpgsqlDbType.Date);
                await copy.WriteAsync(r.Currency, NpgsqlTypes.NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Opening, NpgsqlTypes.NpgsqlDbType.Numeric);
                await copy.WriteAsync(r.Inflow, NpgsqlTypes.NpgsqlDbType.Numeric);
                await copy.WriteAsync(r.Outflow, NpgsqlTypes.NpgsqlDbType.Numeric);
                await copy.WriteAsync(r.Closing, NpgsqlTypes.NpgsqlDbType.Numeric);
            }
            await copy.CompleteAsync();
        }
        else
        {
            // SQLite's fastest load: one prepared INSERT, its parameters rebound per row (a multi-row statement with named
            // parameters binds each by a linear name lookup, which is slower here).
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO account_balance_days (account_id, user_id, date, currency, opening, inflow, outflow, closing) "
                                 + "VALUES (@a, @u, @d, @c, @o, @i, @x, @k)";
            var parameters = new[] { "@a", "@u", "@d", "@c", "@o", "@i", "@x", "@k" }.Select(p =>
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = p;
                insert.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
            insert.Prepare();
            parameters[1].Value = Id(userId);
            foreach (var r in _written)
            {
                parameters[0].Value = Id(r.Account);
                parameters[2].Value = Day(r.Date);
                parameters[3].Value = r.Currency;
                parameters[4].Value = Money(r.Opening);
                parameters[5].Value = Money(r.Inflow);
                parameters[6].Value = Money(r.Outflow);
                parameters[7].Value = Money(r.Closing);
                await insert.ExecuteNonQueryAsync();
            }
        }
        await transaction.CommitAsync();
        return read;
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private AppDbContext Context(bool system)
    {
        var scope = new DataScope(new BenchUser(_userId));
        if (system) scope.BeginSystemScope();
        return _engine.CreateContext(_settings.ConnectionString, scope, new AuditingInterceptor(_clock));
    }


    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
