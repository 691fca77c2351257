using Ardalis.Specification;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.ExchangeRates;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Common;
using FinInfra.Domain.NetWorth;

namespace FinInfra.Application.NetWorth;

/// <summary>What net worth needs of an account: no names, no transactions.</summary>
public sealed record AccountBalance(Guid Id, AccountType Type, decimal Balance, CurrencyCode Currency);

/// <summary>
/// The current user's open accounts, as balances: soft-deleted ones are hidden by the query filter, and closed ones
/// (no longer reported by their bank) are not part of today's net worth.
/// </summary>
public sealed class AccountBalancesSpec : Specification<Account, AccountBalance>
{
    public AccountBalancesSpec() => Query.Where(a => a.ClosedAt == null).Select(a => new AccountBalance(a.Id, a.Type, a.Balance, a.Currency));
}

/// <summary>
/// Computes net worth from live accounts. An asset's balance adds to assets and a liability's (the amount owed)
/// to liabilities; a balance on the wrong side of zero (an overdrawn checking account, a credit card in credit)
/// moves to the other side under the same type key, so every breakdown amount stays non-negative and the net
/// figure equals Σ assets − Σ liabilities of the signed balances. An account in another currency is converted at
/// the rate of <c>date</c> (or the closest earlier day within the window) by <see cref="CurrencyConverter"/>; one with
/// no rate is left out and listed, never converted at rate 1.
/// </summary>
public sealed class NetWorthCalculator(IReadRepository<Account> accounts, ICurrentUser currentUser, CurrencyConverter converter)
{
    public async Task<NetWorthSnapshot> ComputeAsync(DateOnly date, CurrencyCode currency, CancellationToken cancellationToken)
    {
        var balances = await accounts.ListAsync(new AccountBalancesSpec(), cancellationToken);
        var conversion = await converter.PrepareAsync(currency, balances.Select(b => b.Currency), date, date, cancellationToken);
        var assets = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        var liabilities = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        var own = new SortedDictionary<string, (decimal Assets, decimal Liabilities, decimal? Net)>(StringComparer.Ordinal);
        var excluded = new List<Guid>();
        foreach (var account in balances.OrderBy(a => a.Id))
        {
            var isAsset = Account.Classify(account.Type) == AccountClassification.Asset;
            var worth = isAsset ? account.Balance : -account.Balance;
            // Only a balance strictly on the wrong side of zero moves: a paid-off card stays a (zero) liability.
            var onAssetSide = worth > 0 || (worth == 0 && isAsset);
            var converted = conversion.TryConvert(worth, account.Currency, date, out var inCurrency);
            var mine = own.GetValueOrDefault(account.Currency.Value, (0m, 0m, 0m));
            own[account.Currency.Value] = (mine.Assets + (onAssetSide ? Math.Abs(worth) : 0), mine.Liabilities + (onAssetSide ? 0 : Math.Abs(worth)),
                converted && mine.Net is { } net ? net + inCurrency : null);
            if (!converted)
            {
                excluded.Add(account.Id);
                continue;
            }
            var side = onAssetSide ? assets : liabilities;
            var key = account.Type.ToString().ToLowerInvariant();
            side[key] = side.GetValueOrDefault(key) + Math.Abs(inCurrency);
        }
        var byCurrency = own.OrderBy(c => c.Key == currency.Value ? 0 : 1).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new SnapshotCurrency(c.Key, c.Value.Assets, c.Value.Liabilities, c.Value.Net)).ToList();
        var rates = conversion.RatesUsed.Select(r => new SnapshotRate(r.From, r.To, r.RateDate, r.Rate, r.Source, r.Via)).ToList();
        return NetWorthSnapshot.Take(currentUser.RequiredUserId, date, currency, assets, liabilities, excluded, new SnapshotConversion(rates, byCurrency));
    }
}
