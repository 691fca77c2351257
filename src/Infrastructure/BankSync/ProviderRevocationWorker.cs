using FinInfra.Application.BankConnections;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FinInfra.Infrastructure.BackgroundWork;
using FinInfra.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinInfra.Infrastructure.BankSync;

/// <summary>Configuration section <c>BankSync:Revocations</c>. On by default: a deleted user's links must not stay live.</summary>
public sealed class ProviderRevocationOptions : IPeriodicWorkOptions
{
    public const string Section = "BankSync:Revocations";

    public bool Enabled { get; set; } = true;

    /// <summary>How often to look for revocations that are due.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a claim holds; a crashed instance's claim comes due again after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Revocations tried per round.</summary>
    public int BatchSize { get; set; } = 50;
}

/// <summary>
/// Retries the provider revocations a user's deletion could not finish (<see cref="ProviderRevocation"/>), each with a
/// growing delay, until the provider confirms; then the row, and with it the last copy of the token, is deleted. Safe
/// on several instances: each row is claimed (<see cref="Leases.TryClaimDueAsync{T}"/>) before its provider is called.
/// </summary>
public sealed partial class ProviderRevocationWorker(
    IServiceScopeFactory scopes,
    IOptions<ProviderRevocationOptions> options,
    TimeProvider clock,
    ILogger<ProviderRevocationWorker> logger) : PeriodicWork(clock, logger)
{
    private readonly ProviderRevocationOptions _options = options.Value;

    protected override TimeSpan Interval => _options.Interval;

    /// <summary>One round; returns how many items were revoked for good.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = Clock.GetUtcNow();
            using var _ = db.Scope.BeginSystemScope();
            due = await db.ProviderRevocations.AsNoTracking().Where(r => r.NextAttemptAt <= now)
                .OrderBy(r => r.NextAttemptAt).Take(_options.BatchSize).Select(r => r.Id).ToListAsync(cancellationToken);
        }

        var revoked = 0;
        foreach (var id in due)
            if (await TryRevokeAsync(id, cancellationToken)) revoked++;
        return revoked;
    }

    private async Task<bool> TryRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        using var _ = db.Scope.BeginSystemScope();
        var now = Clock.GetUtcNow();
        if (!await Leases.TryClaimDueAsync(db.ProviderRevocations.Where(r => r.Id == id), r => r.NextAttemptAt, now, now + _options.Lease, cancellationToken))
            return false;

        var revocation = await db.ProviderRevocations.AsTracking().SingleAsync(r => r.Id == id, cancellationToken);
        var protector = scope.ServiceProvider.GetRequiredService<ISecretProtector>();
        var failure = await scope.ServiceProvider.GetRequiredService<ProviderItemRevoker>()
            .RevokeAsync(revocation.Provider, revocation.RevealAccessToken(protector), cancellationToken);
        if (failure is null) db.ProviderRevocations.Remove(revocation);
        else
        {
            revocation.RecordFailure(failure.Message, Clock.GetUtcNow());
            LogRevocationFailed(Logger, revocation.Id, revocation.Provider, failure.Failure.ToString(), revocation.Attempts);
        }
        await db.SaveChangesAsync(cancellationToken);
        return failure is null;
    }

    [LoggerMessage(LogLevel.Warning, "Revocation {RevocationId} at {Provider} failed ({Failure}) after {Attempts} attempt(s); it will be retried")]
    private static partial void LogRevocationFailed(ILogger logger, Guid revocationId, BankProvider provider, string failure, int attempts);
}
