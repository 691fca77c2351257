using FinInfra.Api;
using FinInfra.Application.ExchangeRates;
using FinInfra.Domain.Common;
using FinInfra.Domain.ExchangeRates;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.ExchangeRates;
using FinInfra.Infrastructure.Persistence.Cli;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace FinInfra.Integration.Tests.ExchangeRates;

/// <summary>
/// <c>db import-rates</c> on samples of each ECB publication (Fixtures/SOURCES.md), <c>db set-rate</c>, and the one
/// conversion service reading them back: cross rates through EUR, the closest earlier day within the window, and no
/// rate outside it.
/// </summary>
public sealed class ExchangeRateImportTests
{
    private static readonly string Key = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "ExchangeRates", "Fixtures", name);

    private sealed record Result(int ExitCode, string Output, string Error);

    private static async Task<Result> RunAsync(TestDatabase database, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DbCommandHost.RunAsync(args, output, error, builder =>
        {
            builder.Environment.EnvironmentName = Environments.Development;
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Default"] = database.Settings.ConnectionString,
                ["Database:Provider"] = database.Settings.Provider.ToString(),
                ["Encryption:Keys:k1"] = Key,
            });
        });
        return new Result(exitCode, output.ToString(), error.ToString());
    }

    private static async Task<Result> SucceedAsync(TestDatabase database, params string[] args)
    {
        var result = await RunAsync(database, args);
        Assert.True(result.ExitCode == DatabaseCommandLine.Ok, $"db {string.Join(' ', args)} failed: {result.Error}");
        return result;
    }

    private static async Task<decimal?> RateAsync(TestDatabase database, string quote, DateOnly date, string source = ExchangeRate.EcbSource)
    {
        await using var db = database.CreateContext(systemScope: true);
        var q = new CurrencyCode(quote);
        var eur = new CurrencyCode("EUR");
        return await db.ExchangeRates.Where(r => r.Base == eur && r.Quote == q && r.Date == date && r.Source == source)
            .Select(r => (decimal?)r.Rate).SingleOrDefaultAsync();
    }

    private static async Task<int> CountAsync(TestDatabase database)
    {
        await using var db = database.CreateContext(systemScope: true);
        return await db.ExchangeRates.CountAsync();
    }

    private static async Task<CurrencyConversion> ConversionAsync(TestDatabase database, string target, string[] sources, DateOnly from, DateOnly to, int maxAgeDays = 7)
    {
        await using var db = database.CreateContext(systemScope: true);
        var converter = new CurrencyConverter(new ExchangeRateStore(db), new ExchangeRateSettings { MaxAgeDays = maxAgeDays });
        return await converter.PrepareAsync(new CurrencyCode(target), sources.Select(s => new CurrencyCode(s)), from, to, CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_ECB_publication_imports_exactly_and_a_second_import_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);

        // Daily CSV: "Date, USD, …, " with a trailing separator and the date as "25 January 2018".
        var daily = await SucceedAsync(database, "import-rates", Fixture("eurofxref.csv"));
        Assert.Contains("ECB CSV, 1 day(s) 2018-01-25 to 2018-01-25", daily.Output);
        Assert.Contains("31 rate(s) added, 0 updated, 0 unchanged", daily.Output);
        Assert.Equal(1.2407m, await RateAsync(database, "USD", new DateOnly(2018, 1, 25)));
        Assert.Equal(16492.63m, await RateAsync(database, "IDR", new DateOnly(2018, 1, 25)));
        Assert.Equal(4.2229m, await RateAsync(database, "ILS", new DateOnly(2018, 1, 25)));

        // Historical CSV: ISO dates, N/A for retired currencies (CYP, EEK, …): those cells are no rate, not zero.
        var history = await SucceedAsync(database, "import-rates", Fixture("eurofxref-hist.csv"));
        Assert.Contains("ECB CSV, 3 day(s) 2014-08-21 to 2014-08-25", history.Output);
        Assert.Contains("96 rate(s) added", history.Output);
        Assert.Equal(0.79567m, await RateAsync(database, "GBP", new DateOnly(2014, 8, 25)));
        Assert.Null(await RateAsync(database, "CYP", new DateOnly(2014, 8, 25)));

        // Daily XML: the gesmes envelope, single-quoted attributes.
        var dailyXml = await SucceedAsync(database, "import-rates", Fixture("eurofxref-daily.xml"));
        Assert.Contains("ECB XML, 1 day(s) 2022-07-08 to 2022-07-08", dailyXml.Output);
        Assert.Contains("31 rate(s) added", dailyXml.Output);
        Assert.Equal(0.84585m, await RateAsync(database, "GBP", new DateOnly(2022, 7, 8)));

        // Historical XML (90 days' shape): several dated cubes, newest first, double-quoted attributes.
        var historyXml = await SucceedAsync(database, "import-rates", Fixture("eurofxref-hist-90d.xml"));
        Assert.Contains("ECB XML, 4 day(s) 2017-02-24 to 2017-03-03", historyXml.Output);
        Assert.Contains("124 rate(s) added", historyXml.Output);
        Assert.Equal(1.0609m, await RateAsync(database, "USD", new DateOnly(2017, 2, 24)));
        Assert.Equal(14138.61m, await RateAsync(database, "IDR", new DateOnly(2017, 3, 3)));

        Assert.Equal(31 + 96 + 31 + 124, await CountAsync(database));
        foreach (var (file, rates) in new[] { ("eurofxref.csv", 31), ("eurofxref-hist.csv", 96), ("eurofxref-daily.xml", 31), ("eurofxref-hist-90d.xml", 124) })
        {
            var again = await SucceedAsync(database, "import-rates", Fixture(file));
            Assert.Contains($"0 rate(s) added, 0 updated, {rates} unchanged", again.Output);
        }
        Assert.Equal(31 + 96 + 31 + 124, await CountAsync(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_corrected_publication_replaces_its_day_and_junk_is_refused_with_nothing_stored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var folder = Directory.CreateTempSubdirectory("fininfra-rates-").FullName;
        try
        {
            await SucceedAsync(database, "import-rates", Fixture("eurofxref-daily.xml"));
            var corrected = Path.Combine(folder, "eurofxref-daily.xml");
            await File.WriteAllTextAsync(corrected, (await File.ReadAllTextAsync(Fixture("eurofxref-daily.xml"))).Replace("rate='1.0163'", "rate='1.0170'"));
            var result = await SucceedAsync(database, "import-rates", corrected);
            Assert.Contains("0 rate(s) added, 1 updated, 30 unchanged", result.Output);
            Assert.Equal(1.0170m, await RateAsync(database, "USD", new DateOnly(2022, 7, 8)));

            var junk = Path.Combine(folder, "junk.csv");
            await File.WriteAllTextAsync(junk, "Date, USD, \n25 January 2018, abc, \n");
            var refused = await RunAsync(database, "import-rates", junk);
            Assert.Equal(DatabaseCommandLine.Failed, refused.ExitCode);
            Assert.Contains("junk.csv: Line 2, USD: 'abc' is not a rate", refused.Error);
            var notXml = Path.Combine(folder, "other.xml");
            await File.WriteAllTextAsync(notXml, "<html><body>Reference rates</body></html>");
            Assert.Contains("not <gesmes:Envelope>", (await RunAsync(database, "import-rates", notXml)).Error);
            Assert.Equal(31, await CountAsync(database));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_manual_rate_is_set_replaced_and_wins_over_the_ECB_rate_of_its_day(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        await SucceedAsync(database, "import-rates", Fixture("eurofxref-daily.xml"));
        var set = await SucceedAsync(database, "set-rate", "EUR", "USD", "2022-07-08", "1.0850");
        Assert.Contains("Set the manual rate EUR/USD on 2022-07-08: 1 EUR = 1.0850 USD", set.Output);
        var replaced = await SucceedAsync(database, "set-rate", "eur", "usd", "2022-07-08", "1.0900");
        Assert.Contains("Replaced the manual rate EUR/USD", replaced.Output);
        Assert.Equal(1.0900m, await RateAsync(database, "USD", new DateOnly(2022, 7, 8), ExchangeRate.ManualSource));
        Assert.Equal(1.0163m, await RateAsync(database, "USD", new DateOnly(2022, 7, 8)));

        var conversion = await ConversionAsync(database, "USD", ["EUR"], new DateOnly(2022, 7, 8), new DateOnly(2022, 7, 8));
        Assert.True(conversion.TryConvert(100m, new CurrencyCode("EUR"), new DateOnly(2022, 7, 8), out var dollars));
        Assert.Equal(109.0000m, dollars);
        Assert.Equal(new ExchangeRateUsedDto("EUR", "USD", new DateOnly(2022, 7, 8), 1.09m, ExchangeRate.ManualSource, null), Assert.Single(conversion.RatesUsed));

        foreach (var bad in new[] { new[] { "EUR", "EUR", "2022-07-08", "1" }, ["EUR", "USD", "08/07/2022", "1"], ["EUR", "USD", "2022-07-08", "0"], ["EUR", "USD", "2022-07-08", "1.12345678901"], ["E", "USD", "2022-07-08", "1"] })
        {
            var refused = await RunAsync(database, ["set-rate", .. bad]);
            Assert.Equal(DatabaseCommandLine.Failed, refused.ExitCode);
            Assert.StartsWith("error: ", refused.Error);
        }
        Assert.Equal(DatabaseCommandLine.UsageError, (await RunAsync(database, "set-rate", "EUR", "USD", "2022-07-08")).ExitCode);
        Assert.Equal(32, await CountAsync(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Conversions_use_the_day_or_the_closest_earlier_within_the_window_through_EUR_and_inverted(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        await SucceedAsync(database, "import-rates", Fixture("eurofxref-daily.xml"));
        await SucceedAsync(database, "import-rates", Fixture("eurofxref-hist-90d.xml"));
        var friday = new DateOnly(2022, 7, 8);

        // Cross rate USD → GBP through EUR: (1 / 1.0163) × 0.84585 = 0.83228377447… → 0.8322837745.
        var toPounds = await ConversionAsync(database, "GBP", ["USD", "EUR"], friday, friday.AddDays(10));
        Assert.True(toPounds.TryConvert(1000m, new CurrencyCode("USD"), friday, out var pounds));
        Assert.Equal(832.2838m, pounds);
        // EUR → GBP is the stored pair; Sunday uses Friday's rate (closest earlier, 2 days old).
        Assert.True(toPounds.TryConvert(100m, new CurrencyCode("EUR"), friday.AddDays(2), out var sunday));
        Assert.Equal(84.5850m, sunday);
        // Seven days on, Friday's rate is still inside the 7-day window; eight days on it is not: left out, never 1.
        Assert.True(toPounds.TryConvert(100m, new CurrencyCode("EUR"), friday.AddDays(7), out _));
        Assert.False(toPounds.TryConvert(100m, new CurrencyCode("EUR"), friday.AddDays(8), out var none));
        Assert.Equal(0m, none);
        Assert.Equal(
            [new ExchangeRateUsedDto("EUR", "GBP", friday, 0.84585m, "ecb", null), new ExchangeRateUsedDto("USD", "GBP", friday, 0.8322837745m, "ecb", "EUR")],
            toPounds.RatesUsed);

        // The inverse of a stored pair: USD → EUR on 2017-03-01 (no publication in the sample) uses 2017-02-27: 1 / 1.0587.
        var toEuro = await ConversionAsync(database, "EUR", ["USD"], new DateOnly(2017, 3, 1), new DateOnly(2017, 3, 1));
        Assert.True(toEuro.TryConvert(1058.70m, new CurrencyCode("USD"), new DateOnly(2017, 3, 1), out var euros));
        Assert.Equal(1000.0000m, euros);
        var used = Assert.Single(toEuro.RatesUsed);
        Assert.Equal((new DateOnly(2017, 2, 27), 0.9445546425m, (string?)null), (used.RateDate, used.Rate, used.Via));

        // A narrower window: with 1 day, Monday 2017-02-27's rate is not used for Wednesday 2017-03-01.
        var strict = await ConversionAsync(database, "EUR", ["USD"], new DateOnly(2017, 3, 1), new DateOnly(2017, 3, 1), maxAgeDays: 1);
        Assert.False(strict.TryConvert(10m, new CurrencyCode("USD"), new DateOnly(2017, 3, 1), out _));
        Assert.Empty(strict.RatesUsed);

        // A currency the ECB never quotes has no rate at all; a date before any rate neither.
        var unknown = await ConversionAsync(database, "EUR", ["BTC", "USD"], new DateOnly(2010, 1, 1), friday);
        Assert.False(unknown.TryConvert(1m, new CurrencyCode("BTC"), friday, out _));
        Assert.False(unknown.TryConvert(1m, new CurrencyCode("USD"), new DateOnly(2010, 1, 1), out _));
    }
}
