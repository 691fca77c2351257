using FinInfra.Infrastructure.Idempotency;
using FinInfra.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinInfra.Infrastructure.BackgroundWork;

/// <summary>Configuration section <c>Maintenance:ExpiredRows</c>. On by default.</summary>
public sealed class ExpiredRowsOptions : IPeriodicWorkOptions
{
    public const string Section = "Maintenance:ExpiredRows";

    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long an expired refresh token is kept after its expiry. While it is kept, replaying it is recognised as
    /// the reuse of a consumed token (which revokes its family) rather than only refused as expired.
    /// </summary>
    public TimeSpan RefreshTokenGrace { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Deletes rows that no request can use any more, so those tables do not grow without end: idempotency keys past their
/// expiry (a request with such a key already starts afresh) and refresh tokens past their expiry plus a grace period.
/// Each is one DELETE with a condition, so several instances may run it at once.
/// </summary>
public sealed partial class ExpiredRowsSweep(
    IServiceScopeFactory scopes,
    IOptions<ExpiredRowsOptions> options,
    TimeProvider clock,
    ILogger<ExpiredRowsSweep> logger) : PeriodicWork(clock, logger)
{
    private readonly ExpiredRowsOptions _options = options.Value;

    protected override TimeSpan Interval => _options.Interval;

    /// <summary>One round; returns how many rows were deleted.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        using var _ = db.Scope.BeginSystemScope();
        var now = Clock.GetUtcNow();
        var refreshCutoff = now - _options.RefreshTokenGrace;

        var keys = await db.Set<IdempotencyRecord>().IgnoreQueryFilters([QueryFilters.Owner])
            .Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var tokens = await db.RefreshTokens.IgnoreQueryFilters([QueryFilters.Owner])
            .Where(t => t.ExpiresAt < refreshCutoff).ExecuteDeleteAsync(cancellationToken);
        if (keys + tokens > 0) LogSwept(Logger, keys, tokens);
        return keys + tokens;
    }

    [LoggerMessage(LogLevel.Information, "Deleted {Keys} expired idempotency key(s) and {Tokens} expired refresh token(s)")]
    private static partial void LogSwept(ILogger logger, int keys, int tokens);
}
