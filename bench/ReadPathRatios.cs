using System.Diagnostics;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Transactions;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Engines;
using FinInfra.Infrastructure.Persistence.Interceptors;
using FinInfra.Infrastructure.Persistence.Repositories;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Benchmarks;

/// <summary>
/// Issue 10's SQLite read row: the newest 50 of one user's transactions (and the page after row 500) through the
/// service's own query path (a fresh context per call, the list's specification, the query filters), over the
/// hand-written <c>SELECT … WHERE user_id = $u ORDER BY date DESC, id DESC LIMIT 51</c> on a pooled connection, in the
/// same process and the same run. Prints p50 of each and the ratio (target ≤ 3×, flat in the row count).
/// <code>dotnet run -c Release --project bench -- reads [rows=200000]</code>
/// bench/run.sh passes the SQLite file it loaded and measured over HTTP (<c>--file PATH --user ID</c>): then nothing is
/// seeded or deleted, and the same user's pages are read.
/// </summary>
public static class ReadPathRatios
{
    private const int Users = 20;
    private const int Iterations = 1500;

    public static async Task RunAsync(string[] args)
    {
        var rows = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 200_000;
        var given = Option(args, "--file");
        var file = given ?? Path.Combine(Path.GetTempPath(), $"fininfra-reads-{Guid.NewGuid():N}.db");
        var settings = DatabaseSettings.FromUrl($"sqlite:///{file}");
        var engine = DatabaseEngines.For(DatabaseProvider.Sqlite);
        try
        {
            var user = given is null ? await SeedAsync(engine, settings.ConnectionString, rows) : Guid.Parse(Option(args, "--user") ?? throw new ArgumentException("--file needs --user ID"));
            (DateOnly, Guid) deep;
            await using (var db = Context(engine, settings.ConnectionString, user))
            {
                var row = await db.Transactions.AsNoTracking().OrderByDescending(t => t.Date).ThenByDescending(t => t.Id).Skip(500).Select(t => new { t.Date, t.Id }).FirstAsync();
                deep = (row.Date, row.Id);
            }

            Console.WriteLine($"SQLite, {rows:N0} transactions over {Users} users, newest 50 of one user, {Iterations} calls each, p50:");
            Console.WriteLine("| page | service query path | hand-written query | ratio |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            foreach (var (name, after) in new[] { ("first", ((DateOnly, Guid)?)null), ("after row 500", deep) })
            {
                var service = new List<double>();
                var hand = new List<double>();
                await using var connection = new SqliteConnection(settings.ConnectionString);
                await connection.OpenAsync();
                for (var i = 0; i < Iterations + 200; i++)
                {
                    var a = await TimeAsync(() => ServicePageAsync(engine, settings.ConnectionString, user, after));
                    var b = await TimeAsync(() => HandWrittenPageAsync(connection, user, after));
                    if (i < 200) continue; // warm-up: JIT, EF's query cache, SQLite's page cache
                    service.Add(a);
                    hand.Add(b);
                }
                var (s, h) = (Median(service), Median(hand));
                Console.WriteLine($"| {name} | {s:F3} ms | {h:F3} ms | {s / h:F2}× |");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (given is null)
                foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
        }
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static async Task<int> ServicePageAsync(DatabaseEngine engine, string connectionString, Guid user, (DateOnly, Guid)? after)
    {
        await using var db = Context(engine, connectionString, user);
        var filter = new TransactionFilter(null, null, null, null, null, null);
        return (await SpecificationQuery.Apply(db.Transactions.AsNoTracking(), new TransactionsByFilterSpec(filter, after, 50)).ToListAsync()).Count;
    }

    private static async Task<int> HandWrittenPageAsync(SqliteConnection connection, Guid user, (DateOnly, Guid)? after)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = after is null
            ? "SELECT * FROM transactions WHERE user_id = $u ORDER BY date DESC, id DESC LIMIT 51"
            : "SELECT * FROM transactions WHERE user_id = $u AND (date, id) < ($d, $i) ORDER BY date DESC, id DESC LIMIT 51";
        command.Parameters.AddWithValue("$u", user.ToString().ToUpperInvariant());
        if (after is var (date, id))
        {
            command.Parameters.AddWithValue("$d", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$i", id.ToString().ToUpperInvariant());
        }
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            count++;
        }
        return count;
    }

    private static async Task<double> TimeAsync(Func<Task<int>> call)
    {
        var start = Stopwatch.GetTimestamp();
        if (await call() == 0) throw new InvalidOperationException("the page came back empty: the benchmark would measure nothing");
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static async Task<Guid> SeedAsync(DatabaseEngine engine, string connectionString, int rows)
    {
        Guid first = default;
        var perUser = rows / Users;
        await using (var db = Context(engine, connectionString, null))
        {
            await DatabasePreparation.ConfigureSqliteAsync(db);
            await db.Database.MigrateAsync();
        }
        for (var u = 0; u < Users; u++)
        {
            await using var db = Context(engine, connectionString, null);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var user = User.Register(Email.Create($"reader{u}@example.com"), "pbkdf2-sha256$1$x$y");
            var connection = BankConnection.CreateManual(user.Id, "Bench");
            var account = Account.OpenManual(user.Id, connection.Id, null, "Checking", AccountType.Depository, null, 0m, CurrencyCode.Usd);
            db.AddRange(user, connection, account);
            var day = new DateOnly(2021, 1, 1);
            for (var i = 0; i < perUser; i++)
                db.Add(Transaction.Record(user.Id, account.Id, $"r{i}", -(i % 500) - 0.99m, day.AddDays(i % 1800), "Purchase", "Shop", "Food", false));
            await db.SaveChangesAsync();
            if (u == 0) first = user.Id;
        }
        return first;
    }

    /// <summary>A context as the service builds one: the engine's options, the auditing interceptor, a user's scope or the system's.</summary>
    private static AppDbContext Context(DatabaseEngine engine, string connectionString, Guid? user)
    {
        var scope = new DataScope(new BenchUser(() => user));
        if (user is null) scope.BeginSystemScope();
        return engine.CreateContext(connectionString, scope, new AuditingInterceptor(TimeProvider.System));
    }
}
