using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Time;
using FinInfra.Application.NetWorth;
using FinInfra.Infrastructure.BackgroundWork;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.History;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinInfra.Infrastructure.NetWorth;

/// <summary>Configuration section <c>NetWorth:DailySnapshots</c>. On by default.</summary>
public sealed class DailySnapshotOptions : IPeriodicWorkOptions
{
    public const string Section = "NetWorth:DailySnapshots";

    public bool Enabled { get; set; } = true;

    /// <summary>How often to look for users whose snapshot of yesterday is missing.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a claim on a user holds; a crashed instance's claims expire after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Users considered per round.</summary>
    public int BatchSize { get; set; } = 200;
}

/// <summary>
/// Records every user's net-worth snapshot of the last complete day (yesterday, UTC), in the user's base currency,
/// computed from the stored balance history — the same figures <c>GET /net-worth?date=</c> answers. Safe on several
/// instances: a user is claimed (a <see cref="Leases"/> claim of <c>users.snapshot_lease_until</c>, repeating "still
/// missing") before the snapshot is taken, and only the winner takes it; the snapshot store's one-per-day rule settles
/// anything else. A round that misses a day (the service was down) does not go back: a past day can be taken at any time
/// through <c>POST /net-worth/snapshots {date}</c>.
/// </summary>
public sealed partial class DailySnapshotJob(
    IServiceScopeFactory scopes,
    IOptions<DailySnapshotOptions> options,
    TimeProvider clock,
    ILogger<DailySnapshotJob> logger) : PeriodicWork(clock, logger)
{
    private readonly DailySnapshotOptions _options = options.Value;

    protected override TimeSpan Interval => _options.Interval;

    /// <summary>One round: the users whose snapshot of yesterday is missing, claimed and snapshotted one by one. Returns how many this instance took.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var day = Clock.Today().AddDays(-1);
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            using var _ = scope.ServiceProvider.GetRequiredService<IDataScope>().BeginSystemScope();
            due = await Missing(db, day).WhereLeaseFree(u => u.SnapshotLeaseUntil, Clock.GetUtcNow())
                .OrderBy(u => u.Id).Select(u => u.Id).Take(_options.BatchSize).ToListAsync(cancellationToken);
        }
        var taken = 0;
        foreach (var userId in due)
            if (await TryTakeAsync(userId, day, cancellationToken)) taken++;
        return taken;
    }

    private static IQueryable<Domain.Users.User> Missing(AppDbContext db, DateOnly day) =>
        db.Users.AsNoTracking().Where(u => !db.NetWorthSnapshots.Any(s => s.UserId == u.Id && s.SnapshotDate == day && s.Currency == u.BaseCurrency));

    private async Task<bool> TryTakeAsync(Guid userId, DateOnly day, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var dataScope = services.GetRequiredService<IDataScope>();
        var now = Clock.GetUtcNow();
        bool claimed;
        using (dataScope.BeginSystemScope())
            claimed = await Leases.TryClaimAsync(Missing(db, day).Where(u => u.Id == userId), u => u.SnapshotLeaseUntil, now, now + _options.Lease, cancellationToken);
        if (!claimed) return false;
        try
        {
            using var actingAs = dataScope.BeginUserScope(userId);
            await services.GetRequiredService<IUnitOfWork>().ExecuteInTransactionAsync(async ct =>
            {
                await BackfillAsync(services.GetRequiredService<BalanceHistory>(), db, userId, ct);
                var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, ct);
                var fresh = await services.GetRequiredService<NetWorthCalculator>().ComputeOnAsync(userId, day, user.BaseCurrency, ct);
                return await services.GetRequiredService<INetWorthSnapshotStore>().SaveForDayAsync(fresh, ct);
            }, cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One user's failure must not end the round; the next round retries once the lease is released.
            LogSnapshotFailed(Logger, userId, exception.GetType().Name);
            return false;
        }
        finally
        {
            using (dataScope.BeginSystemScope())
                await Leases.ReleaseAsync(db.Users.Where(u => u.Id == userId), u => u.SnapshotLeaseUntil, CancellationToken.None);
        }
    }

    /// <summary>
    /// Accounts that have no history yet (stored before balance history existed, or written around the one entry point)
    /// get theirs computed first, so the snapshot counts them.
    /// </summary>
    private static async Task BackfillAsync(BalanceHistory history, AppDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var missing = await db.Accounts.IgnoreQueryFilters([QueryFilters.SoftDelete]).AsNoTracking()
            .Where(a => a.UserId == userId && !db.BalanceDays.Any(r => r.AccountId == a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        if (missing.Count == 0) return;
        foreach (var accountId in missing) history.AccountChanged(accountId, DateOnly.MinValue);
        await history.ApplyAsync(cancellationToken);
        // Flushed now: the snapshot that follows reads these rows back.
        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Daily net-worth snapshot of user {UserId} failed with {ExceptionType}")]
    private static partial void LogSnapshotFailed(ILogger logger, Guid userId, string exceptionType);
}
