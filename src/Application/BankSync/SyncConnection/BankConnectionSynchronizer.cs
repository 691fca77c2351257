using FinInfra.Application.Accounts;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Transactions.Common;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;
using Microsoft.Extensions.Logging;

namespace FinInfra.Application.BankSync.SyncConnection;

/// <summary>
/// One sync of one connection, in two steps. First every page is pulled from the provider, outside any database
/// transaction (network time never holds a lock). Then, in one transaction and under the connection's lock, the
/// accounts, balances, transactions and the new cursor are written together. A failure on any page or any write
/// leaves the stored data and the old cursor untouched; the failure is recorded on the connection afterwards, in
/// a transaction of its own.
/// </summary>
public sealed partial class BankConnectionSynchronizer(
    IReadRepository<BankConnection> connections,
    IRepository<Account> accounts,
    IRepository<Transaction> transactions,
    ITransactionUpserter upserter,
    IBalanceHistory history,
    TransferMatcher matcher,
    IUnitOfWork unitOfWork,
    IConnectionSyncLock syncLock,
    IBankProviderRegistry providers,
    ISecretProtector protector,
    SyncLimits limits,
    TimeProvider clock,
    ILogger<BankConnectionSynchronizer> logger)
{
    private const int MaxPaginationRestarts = 3;
    private const int IdsPerQuery = 500;

    public async Task<SyncResult> SyncAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        // Untracked: the sync re-reads the connection under its lock before writing.
        var connection = await connections.GetOwnedAsync(connectionId, cancellationToken);
        if (connection.IsManual)
            throw new ConflictException("A manual connection has no provider to sync with.", "connection.manual");
        connection.EnsureConnected();

        try
        {
            var provider = providers.Resolve(connection.Provider);
            var changes = await PullAsync(provider, connection.RevealAccessToken(protector), connection.SyncCursor, cancellationToken);
            var result = await unitOfWork.ExecuteInTransactionAsync(
                ct => ApplyAsync(connection, changes, ct), cancellationToken);
            LogSynced(connectionId, result.Added, result.Modified, result.Removed, result.Accounts);
            return result;
        }
        catch (BankProviderException failure)
        {
            await RecordFailureAsync(connectionId, failure);
            throw;
        }
        catch (DomainRuleException rule)
        {
            var failure = new BankProviderException(ProviderFailure.InvalidResponse, $"The provider sent data that could not be stored ({rule.Rule}).", rule);
            await RecordFailureAsync(connectionId, failure);
            throw failure;
        }
    }

    /// <summary>
    /// Every page, then the accounts, within <see cref="SyncLimits"/>: at most <see cref="SyncLimits.MaxPages"/> pages,
    /// each "more" page behind a cursor never seen before in this pull (a provider that hands back the same cursor
    /// would page forever), and all of it before <see cref="SyncLimits.PullDeadline"/> (checked between calls on the
    /// clock, and enforced on a call in flight by cancelling it).
    /// </summary>
    private async Task<ProviderChanges> PullAsync(IBankProvider provider, string accessToken, string? startCursor, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + limits.PullDeadline;
        using var inFlight = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        inFlight.CancelAfter(limits.PullDeadline);
        try
        {
            for (var restart = 0; ; restart++)
            {
                try
                {
                    var pages = new List<ProviderTransactionPage>();
                    var seen = new HashSet<string?> { startCursor };
                    var cursor = startCursor;
                    ProviderTransactionPage page;
                    do
                    {
                        if (pages.Count == limits.MaxPages)
                            throw new BankProviderException(ProviderFailure.InvalidResponse, $"The provider kept reporting more pages (over {limits.MaxPages}); nothing was stored.");
                        CheckDeadline(deadline);
                        page = await provider.SyncTransactionsAsync(accessToken, cursor, inFlight.Token);
                        pages.Add(page);
                        if (page.HasMore && !seen.Add(page.NextCursor))
                            throw new BankProviderException(ProviderFailure.InvalidResponse, "The provider's cursor did not advance; nothing was stored.");
                        cursor = page.NextCursor;
                    } while (page.HasMore);

                    CheckDeadline(deadline);
                    var reportedAccounts = await provider.GetAccountsAsync(accessToken, inFlight.Token);
                    CheckDeadline(deadline);
                    return ProviderChanges.Fold(reportedAccounts, pages);
                }
                catch (BankProviderException failure) when (failure.Failure == ProviderFailure.PaginationRestartRequired && restart < MaxPaginationRestarts)
                {
                    // The provider's data moved while we paged: everything pulled so far is discarded and paging starts again.
                }
            }
        }
        catch (OperationCanceledException) when (inFlight.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw PastDeadline();
        }
    }

    private void CheckDeadline(DateTimeOffset deadline)
    {
        if (clock.GetUtcNow() > deadline) throw PastDeadline();
    }

    private BankProviderException PastDeadline() =>
        new(ProviderFailure.Unavailable, $"The pull from the provider took longer than {limits.PullDeadline}; nothing was stored.");

    private async Task<SyncResult> ApplyAsync(BankConnection pulledAt, ProviderChanges changes, CancellationToken cancellationToken)
    {
        var connection = await syncLock.LockAsync(pulledAt.Id, cancellationToken)
                         ?? throw new NotFoundException(RepositoryExtensions.ResourceName<BankConnection>(), pulledAt.Id);
        if (connection.IsDisconnected)
            throw new ConflictException("The connection was disconnected while it was syncing; nothing was stored.", "connection.disconnected");
        var stored = await accounts.ListAsync(new AccountsByConnectionSpec(connection.Id), cancellationToken);

        if (connection.SyncCursor != pulledAt.SyncCursor || connection.LastSyncedAt != pulledAt.LastSyncedAt)
        {
            // Another sync of this connection committed after we pulled, so what we hold may be older than what is
            // stored. Ours is dropped (the next sync continues from the stored cursor); nothing is lost or doubled.
            LogCoalesced(connection.Id);
            return new SyncResult(0, 0, 0, stored.Count(a => !a.IsDeleted && !a.IsClosed));
        }

        var skipped = new List<SkippedRecord>();
        var byProviderId = await ApplyAccountsAsync(connection, stored, changes.Accounts, skipped, cancellationToken);
        var deletedByUser = stored.Where(a => a.IsDeleted).Select(a => a.AccountId).ToHashSet(StringComparer.Ordinal);
        var (added, modified, removed) = await ApplyTransactionsAsync(connection, byProviderId, deletedByUser, changes, skipped, cancellationToken);
        connection.RecordSyncSuccess(changes.Cursor, clock.GetUtcNow());
        var skippedCounts = skipped.GroupBy(s => (s.Record, s.Reason))
            .Select(g => new SkippedRecordsDto(g.Key.Record, g.Key.Reason, g.Count()))
            .OrderBy(s => s.Record, StringComparer.Ordinal).ThenBy(s => s.Reason, StringComparer.Ordinal).ToList();
        foreach (var group in skippedCounts) LogSkipped(connection.Id, group.Record, group.Reason, group.Count);
        return new SyncResult(added, modified, removed, stored.Concat(byProviderId.Values).Distinct().Count(a => !a.IsDeleted && !a.IsClosed), skippedCounts);
    }

    /// <summary>
    /// Upserts by the provider's account id. An account no longer reported is closed (kept, with its history); one
    /// reported again reopens. An account the user deleted stays deleted and is left alone, its transactions with it.
    /// An account that cannot be stored (an unusable currency code, say) is skipped and reported, not fatal.
    /// </summary>
    private async Task<Dictionary<string, Account>> ApplyAccountsAsync(BankConnection connection, List<Account> stored,
        IReadOnlyList<ProviderAccount> reported, List<SkippedRecord> skipped, CancellationToken cancellationToken)
    {
        var storedByProviderId = stored.ToDictionary(a => a.AccountId, StringComparer.Ordinal);
        var byProviderId = new Dictionary<string, Account>(StringComparer.Ordinal);
        var opened = new List<Account>();
        foreach (var account in reported)
        {
            try
            {
                var currency = new CurrencyCode(account.Currency);
                if (storedByProviderId.TryGetValue(account.AccountId, out var existing))
                {
                    if (existing.IsDeleted) continue;
                    var before = (existing.Balance, existing.Currency, existing.Type, existing.IsClosed);
                    existing.RefreshFromProvider(account.Name, account.Type, account.Subtype, account.Balance, currency);
                    // A linked account's history is anchored on its balance: a new balance moves every day of it.
                    if (before != (existing.Balance, existing.Currency, existing.Type, existing.IsClosed)) history.AccountChanged(existing.Id, DateOnly.MinValue);
                    byProviderId[account.AccountId] = existing;
                    continue;
                }
                var created = Account.FromProvider(connection.UserId, connection.Id, account.AccountId, account.Name, account.Type, account.Subtype, account.Balance, currency);
                byProviderId[account.AccountId] = created;
                storedByProviderId[account.AccountId] = created;
                opened.Add(created);
                history.AccountChanged(created.Id, DateOnly.MinValue);
            }
            catch (DomainRuleException rule)
            {
                skipped.Add(new SkippedRecord("account", rule.Rule));
            }
        }

        var stillReported = reported.Select(a => a.AccountId).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        foreach (var gone in stored.Where(a => !a.IsDeleted && !a.IsClosed && !stillReported.Contains(a.AccountId)))
        {
            gone.Close(now);
            // Its history now ends the day before it closed.
            history.AccountChanged(gone.Id, DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1));
        }

        accounts.AddRange(opened);
        // Flushed now, so the transaction queries that follow see the accounts as they now are.
        await unitOfWork.FlushAsync(cancellationToken);
        return byProviderId;
    }

    /// <summary>
    /// The upserts first (through the same path the import route uses, account by account, skipping a record that cannot
    /// be stored), then the removals (so a posted row inherits its pending row's edits before that row goes), then the
    /// transfer matching over everything that changed.
    /// </summary>
    private async Task<(int Added, int Modified, int Removed)> ApplyTransactionsAsync(BankConnection connection, Dictionary<string, Account> byProviderId,
        IReadOnlySet<string> deletedByUser, ProviderChanges changes, List<SkippedRecord> skipped, CancellationToken cancellationToken)
    {
        int added = 0, modified = 0;
        var touched = new List<Transaction>();
        foreach (var perAccount in changes.Upserts.GroupBy(t => t.AccountId, StringComparer.Ordinal))
        {
            if (!byProviderId.TryGetValue(perAccount.Key, out var account))
            {
                // The user deleted that account: its rows are not wanted. Otherwise the provider listed no such account.
                if (!deletedByUser.Contains(perAccount.Key))
                    skipped.AddRange(perAccount.Select(_ => new SkippedRecord("transaction", "transaction.account_unknown")));
                continue;
            }
            var incoming = new List<IncomingTransaction>();
            foreach (var t in perAccount)
            {
                if (t.Currency is { } code && !CurrencyCode.IsValid(code))
                {
                    skipped.Add(new SkippedRecord("transaction", "currency.invalid"));
                    continue;
                }
                incoming.Add(new IncomingTransaction(t.TransactionId, t.Amount, t.Date, t.Name, t.MerchantName, t.Category, t.Pending,
                    t.Currency is null ? null : new CurrencyCode(t.Currency), t.Kind, t.PendingTransactionId));
            }
            var result = await upserter.UpsertAsync(account, incoming, TransactionSource.Provider, cancellationToken, skipInvalid: true);
            added += result.Inserted;
            modified += result.Updated;
            touched.AddRange(result.Touched);
            skipped.AddRange(result.Skipped);
        }

        var (removed, unpaired) = await RemoveAsync(byProviderId, changes, cancellationToken);
        await matcher.MatchAsync(connection.UserId, [.. touched.Concat(unpaired).Where(t => !removed.Contains(t))], cancellationToken);
        return (added, modified, removed.Count);
    }

    /// <summary>
    /// Only the provider's own rows are ever removed: rows the user imported into a linked account are theirs. A
    /// snapshot removes only within the accounts it lists transactions for: an account listed with none is read as
    /// "no information" (a provider hiccup or an empty page), never as "every transaction was removed", so one bad
    /// answer cannot wipe an account's history. The other halves of removed pairs are unpaired, to be matched again.
    /// </summary>
    private async Task<(HashSet<Transaction> Removed, List<Transaction> Unpaired)> RemoveAsync(Dictionary<string, Account> byProviderId,
        ProviderChanges changes, CancellationToken cancellationToken)
    {
        var gone = new List<Transaction>();
        if (changes.IsSnapshot)
        {
            var covered = changes.Upserts.Where(t => byProviderId.ContainsKey(t.AccountId)).Select(t => byProviderId[t.AccountId].Id).Distinct().ToList();
            var reported = changes.Upserts.Select(t => t.TransactionId).ToHashSet(StringComparer.Ordinal);
            if (covered.Count > 0)
                gone.AddRange((await transactions.ListAsync(new ProviderTransactionsOfAccountsSpec(covered), cancellationToken))
                    .Where(t => !reported.Contains(t.TransactionId)));
        }
        else
        {
            var accountIds = byProviderId.Values.Select(a => a.Id).ToList();
            foreach (var chunk in changes.Removals.Chunk(IdsPerQuery))
                gone.AddRange(await transactions.ListAsync(new ProviderTransactionsOfAccountsSpec(accountIds, chunk), cancellationToken));
        }
        var removed = gone.ToHashSet();
        var unpaired = new List<Transaction>();
        foreach (var chunk in gone.Select(t => t.Id).Chunk(IdsPerQuery))
            foreach (var other in await transactions.ListAsync(new TransactionsPairedWithSpec(chunk), cancellationToken))
            {
                if (removed.Contains(other)) continue;
                other.Unpair();
                unpaired.Add(other);
            }
        if (gone.Count == 0) return (removed, unpaired);
        foreach (var row in gone.Where(t => !t.Pending)) history.AccountChanged(row.AccountId, row.Date);
        transactions.DeleteRange(gone);
        // Flushed now, so the transfer matcher that follows never pairs with a removed row.
        await unitOfWork.FlushAsync(cancellationToken);
        return (removed, unpaired);
    }

    private async Task RecordFailureAsync(Guid connectionId, BankProviderException failure)
    {
        LogFailed(connectionId, failure.Failure);
        // Not cancellable: the caller may have given up, but the connection should still say why the sync failed.
        await unitOfWork.ExecuteInTransactionAsync(async ct =>
        {
            var connection = await syncLock.LockAsync(connectionId, ct);
            if (connection is { IsDisconnected: false }) connection.RecordSyncFailure(failure.ConnectionStatus, failure.Message);
            return true;
        }, CancellationToken.None);
    }

    [LoggerMessage(LogLevel.Information, "Synced bank connection {ConnectionId}: {Added} added, {Modified} modified, {Removed} removed, {Accounts} accounts")]
    private partial void LogSynced(Guid connectionId, int added, int modified, int removed, int accounts);

    [LoggerMessage(LogLevel.Information, "Sync of bank connection {ConnectionId} was overtaken by a concurrent sync; its changes were dropped")]
    private partial void LogCoalesced(Guid connectionId);

    [LoggerMessage(LogLevel.Warning, "Sync of bank connection {ConnectionId} skipped {Count} {Record} record(s) it could not store: {Reason}")]
    private partial void LogSkipped(Guid connectionId, string record, string reason, int count);

    [LoggerMessage(LogLevel.Warning, "Sync of bank connection {ConnectionId} failed: {Failure}")]
    private partial void LogFailed(Guid connectionId, ProviderFailure failure);
}
