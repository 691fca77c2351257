using FinInfra.Application.ExchangeRates;
using FinInfra.Domain.Common;
using FinInfra.Domain.ExchangeRates;
using FinInfra.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.ExchangeRates;

/// <summary>What an import or a manual rate changed.</summary>
public sealed record RateImportResult(int Added, int Updated, int Unchanged, DateOnly? From, DateOnly? To, int Days);

/// <summary>
/// The <c>exchange_rates</c> table: the rate provider conversions read (<see cref="IExchangeRateProvider"/>), and the
/// insert-or-replace that imports and manual rates write through (one row per pair, day and source, so re-importing a
/// file changes nothing and a corrected publication replaces its day).
/// </summary>
public sealed class ExchangeRateStore(AppDbContext db) : IExchangeRateProvider
{
    private const int DaysPerBatch = 200;

    public async Task<IReadOnlyList<RateQuote>> GetRatesAsync(IReadOnlyCollection<CurrencyCode> currencies, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        if (currencies.Count == 0 || from > to) return [];
        var codes = currencies.Distinct().ToList();
        return await db.ExchangeRates.AsNoTracking()
            .Where(r => r.Date >= from && r.Date <= to && (codes.Contains(r.Base) || codes.Contains(r.Quote)))
            .Select(r => new RateQuote(r.Base.Value, r.Quote.Value, r.Date, r.Rate, r.Source))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Stores the rates (base, quote, date, rate) of one source: new ones added, changed ones replaced, in batches of days.</summary>
    public async Task<RateImportResult> SaveAsync(IReadOnlyList<(CurrencyCode Base, CurrencyCode Quote, DateOnly Date, decimal Rate)> rates, string source, CancellationToken cancellationToken)
    {
        var (added, updated, unchanged) = (0, 0, 0);
        var byDay = rates.GroupBy(r => r.Date).ToDictionary(g => g.Key, g => g.ToList());
        var days = byDay.Keys.Order().ToList();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            (added, updated, unchanged) = (0, 0, 0);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var batch in days.Chunk(DaysPerBatch))
            {
                var (first, last) = (batch[0], batch[^1]);
                var incoming = batch.SelectMany(day => byDay[day]).ToList();
                var quotes = incoming.Select(r => r.Quote).Distinct().ToList();
                // Read untracked, through ix_exchange_rates_quote_date: a re-import compares and writes nothing.
                var stored = await db.ExchangeRates.AsNoTracking()
                    .Where(r => r.Source == source && quotes.Contains(r.Quote) && r.Date >= first && r.Date <= last)
                    .Select(r => new { r.Id, r.Base, r.Quote, r.Date, r.Rate })
                    .ToListAsync(cancellationToken);
                var existing = stored.ToDictionary(r => (r.Base, r.Quote, r.Date), r => (r.Id, r.Rate));
                var changed = new Dictionary<Guid, decimal>();
                var fresh = new Dictionary<(CurrencyCode, CurrencyCode, DateOnly), ExchangeRate>();
                foreach (var rate in incoming)
                {
                    var key = (rate.Base, rate.Quote, rate.Date);
                    if (fresh.TryGetValue(key, out var again))
                    {
                        // The same pair and day twice in one file: the later line wins, as a re-import of it would.
                        again.Replace(rate.Rate);
                        continue;
                    }
                    if (existing.TryGetValue(key, out var row))
                    {
                        if (row.Rate == rate.Rate) unchanged++;
                        else
                        {
                            changed[row.Id] = rate.Rate;
                            existing[key] = (row.Id, rate.Rate);
                            updated++;
                        }
                        continue;
                    }
                    var created = ExchangeRate.Of(rate.Base, rate.Quote, rate.Date, rate.Rate, source);
                    db.ExchangeRates.Add(created);
                    fresh[key] = created;
                    added++;
                }
                if (changed.Count > 0)
                {
                    var ids = changed.Keys.ToList();
                    foreach (var row in await db.ExchangeRates.AsTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken))
                        row.Replace(changed[row.Id]);
                }
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
            await transaction.CommitAsync(cancellationToken);
        });
        return new RateImportResult(added, updated, unchanged, days.Count > 0 ? days[0] : null, days.Count > 0 ? days[^1] : null, days.Count);
    }
}
