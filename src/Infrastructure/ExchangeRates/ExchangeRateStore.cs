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
                var stored = await db.ExchangeRates.AsTracking()
                    .Where(r => r.Source == source && r.Date >= first && r.Date <= last)
                    .ToListAsync(cancellationToken);
                var existing = stored.ToDictionary(r => (r.Base, r.Quote, r.Date));
                foreach (var rate in batch.SelectMany(day => byDay[day]))
                {
                    if (existing.TryGetValue((rate.Base, rate.Quote, rate.Date), out var row))
                    {
                        if (row.Rate == rate.Rate) unchanged++;
                        else
                        {
                            row.Replace(rate.Rate);
                            updated++;
                        }
                        continue;
                    }
                    var fresh = ExchangeRate.Of(rate.Base, rate.Quote, rate.Date, rate.Rate, source);
                    db.ExchangeRates.Add(fresh);
                    existing[(rate.Base, rate.Quote, rate.Date)] = fresh;
                    added++;
                }
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
            await transaction.CommitAsync(cancellationToken);
        });
        return new RateImportResult(added, updated, unchanged, days.Count > 0 ? days[0] : null, days.Count > 0 ? days[^1] : null, days.Count);
    }
}
