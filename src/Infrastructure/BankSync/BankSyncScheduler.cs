using FinInfra.Application.BankSync.SyncConnection;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Infrastructure.BackgroundWork;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinInfra.Infrastructure.BankSync;

/// <summary>Configuration section <c>BankSync:Scheduler</c>. Off by default.</summary>
public sealed class BankSyncSchedulerOptions : IPeriodicWorkOptions
{
    public const string Section = "BankSync:Scheduler";

    public bool Enabled { get; set; }

    /// <summary>How often to look for connections to sync.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A connection last synced longer ago than this is due.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long a claim holds; a crashed instance's claims expire after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Connections considered per round.</summary>
    public int BatchSize { get; set; } = 50;
}

/// <summary>
/// Syncs connections that have gone stale, in the background. Safe on several instances: each connection is
/// claimed (<see cref="SyncClaims.TryClaimAsync"/>) before it is synced, and only the winner syncs it. There is no
/// HTTP user, so each sync runs in a scope acting as the connection's owner.
/// </summary>
public sealed partial class BankSyncScheduler(
    IServiceScopeFactory scopes,
    IOptions<BankSyncSchedulerOptions> options,
    TimeProvider clock,
    ILogger<BankSyncScheduler> logger) : PeriodicWork(clock, logger)
{
    private readonly BankSyncSchedulerOptions _options = options.Value;

    protected override TimeSpan Interval => _options.Interval;

    /// <summary>One round: find due connections, claim and sync each. Returns how many this instance synced.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<DueConnection> due;
        await using (var scope = scopes.CreateAsyncScope())
            due = await scope.ServiceProvider.GetRequiredService<SyncClaims>().FindDueAsync(_options.MaxAge, _options.BatchSize, cancellationToken);

        var synced = 0;
        foreach (var connection in due)
            if (await TrySyncAsync(connection, cancellationToken)) synced++;
        return synced;
    }

    private async Task<bool> TrySyncAsync(DueConnection connection, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var claims = scope.ServiceProvider.GetRequiredService<SyncClaims>();
        if (!await claims.TryClaimAsync(connection.Id, _options.MaxAge, _options.Lease, cancellationToken)) return false;
        try
        {
            using var actingAs = scope.ServiceProvider.GetRequiredService<IDataScope>().BeginUserScope(connection.UserId);
            await scope.ServiceProvider.GetRequiredService<BankConnectionSynchronizer>().SyncAsync(connection.Id, cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Provider failures are recorded on the connection already, conflicts are harmless (it changed meanwhile),
            // and anything else must not end the round: the connections after this one still get their turn, and
            // the next round retries this one. Only the type is logged: a message could quote provider data.
            LogSyncFailed(Logger, connection.Id, exception.GetType().Name);
            return false;
        }
        finally
        {
            await claims.ReleaseAsync(connection.Id, CancellationToken.None);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Scheduled sync of bank connection {ConnectionId} failed with {ExceptionType}")]
    private static partial void LogSyncFailed(ILogger logger, Guid connectionId, string exceptionType);
}
