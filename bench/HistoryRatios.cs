using System.Diagnostics;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Npgsql;

namespace FinInfra.Benchmarks;

/// <summary>
/// Issue 12's speed rows on SQLite and PostgreSQL, each beside a hand-written baseline measured in the same process and
/// run (<see cref="BalanceHistoryBenchmarks"/>'s data: 10 accounts × 5 years, one transaction a day each):
/// <list type="bullet">
/// <item>the full history computed from nothing through the production path (18,260 account-days; goal under 1 s),
/// over reading the same transactions and writing the same rows by hand with the engine's fastest load;</item>
/// <item>the 5-year daily net-worth series as <c>GET /net-worth/history</c> builds it, over the hand-written SELECT of
/// the same stored rows (goal ≤ 2×).</item>
/// </list>
/// PostgreSQL is <c>FININFRA_BENCH_POSTGRES</c> (an empty database) when set, otherwise a throwaway cluster started from
/// the local binaries (/usr/lib/postgresql/*/bin, as root through <c>runuser -u postgres</c>), removed at the end.
/// Prints the medians and ratios as a Markdown table.
/// <code>dotnet run -c Release --project bench -- history [runs=7]</code>
/// </summary>
public static class HistoryRatios
{
    public static async Task RunAsync(string[] args)
    {
        var runs = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 7;
        var rows = new List<string>();
        rows.AddRange(await MeasureAsync(DatabaseProvider.Sqlite, null, runs));

        var configured = Environment.GetEnvironmentVariable("FININFRA_BENCH_POSTGRES");
        if (configured is { Length: > 0 }) rows.AddRange(await MeasureAsync(DatabaseProvider.Postgres, configured, runs));
        else
        {
            using var cluster = await PostgresCluster.StartNewAsync();
            await using (var admin = new NpgsqlConnection(cluster.AdminConnectionString))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE DATABASE fininfra_bench", admin);
                await create.ExecuteNonQueryAsync();
            }
            var connectionString = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = "fininfra_bench", Pooling = true }.ConnectionString;
            rows.AddRange(await MeasureAsync(DatabaseProvider.Postgres, connectionString, runs));
            NpgsqlConnection.ClearAllPools();
        }

        Console.WriteLine();
        Console.WriteLine($"Balance history, 10 accounts x 5 years ({BalanceHistoryBenchmarks.AccountDays:N0} account-days), median of {runs} (series: {runs * 5}) runs; load average {LoadAverage()}:");
        Console.WriteLine("| engine | what | service | baseline | ratio |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var row in rows) Console.WriteLine(row);
    }

    private static async Task<IEnumerable<string>> MeasureAsync(DatabaseProvider engine, string? connectionString, int runs)
    {
        var name = engine == DatabaseProvider.Sqlite ? "SQLite" : "PostgreSQL";
        Console.WriteLine($"{name}: seeding");
        var bench = new BalanceHistoryBenchmarks { Engine = engine, PostgresConnectionString = connectionString };
        bench.Setup();
        try
        {
            // Warm-up: JIT, EF's query and model caches, the connection pool, the engine's page cache.
            await bench.WriteRowsByHand();
            await bench.FullHistory();
            var full = new List<double>();
            var byHand = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                byHand.Add(await TimeAsync(bench.WriteRowsByHand));
                full.Add(await TimeAsync(bench.FullHistory));
            }
            // The series reads what the production path stored.
            for (var i = 0; i < 3; i++)
            {
                await bench.DailySeries();
                await bench.SelectStoredRows();
                await bench.SelectAndReadStoredRows();
            }
            var series = new List<double>();
            var select = new List<double>();
            var typed = new List<double>();
            for (var i = 0; i < runs * 5; i++)
            {
                select.Add(await TimeAsync(bench.SelectStoredRows));
                typed.Add(await TimeAsync(bench.SelectAndReadStoredRows));
                series.Add(await TimeAsync(bench.DailySeries));
            }
            var (f, h, s, b, t) = (Median(full), Median(byHand), Median(series), Median(select), Median(typed));
            Console.WriteLine($"{name}: full {f:F0} ms (by hand {h:F0} ms), series {s:F1} ms (SELECT {b:F1} ms, reading each value {t:F1} ms)");
            return
            [
                $"| {name} | full history from nothing (goal < 1 s) | {f:F0} ms | {h:F0} ms: read the transactions, write the rows by hand | {f / h:F2}x |",
                $"| {name} | 5-year daily net-worth series (goal <= 2x) | {s:F1} ms | {b:F1} ms: SELECT of the same stored rows | {s / b:F2}x |",
                $"| {name} | the same series | {s:F1} ms | {t:F1} ms: that SELECT reading each value as its type | {s / t:F2}x |",
            ];
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static async Task<double> TimeAsync(Func<Task> call)
    {
        var start = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
