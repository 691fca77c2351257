using System.Collections.Concurrent;
using FinInfra.Application.Common.Abstractions;

namespace FinInfra.Api.Authentication;

/// <summary>
/// Each user's security stamp, remembered in this instance's memory for <see cref="JwtSettings.SecurityStampCacheDuration"/>
/// so the per-request token check does not read the database. A stamp changed here is forgotten at once; a stamp changed
/// on another instance is seen here when the entry expires, so an ended session stays usable on other instances for at
/// most that long. After <see cref="Forget"/> the user is not cached for a short while, so a lookup racing the change's
/// commit cannot store the old stamp again.
/// </summary>
public sealed class SecurityStampCache(JwtSettings settings, TimeProvider clock) : ISecurityStampCache
{
    /// <summary>Longer than any commit that follows the change, short enough not to matter for load.</summary>
    public static readonly TimeSpan ForgetWindow = TimeSpan.FromSeconds(5);

    /// <summary>A cap on memory: beyond it the cache starts over (one database read per active user).</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    /// <summary>The user's current stamp, or null when the user does not exist.</summary>
    public async ValueTask<string?> GetAsync(Guid userId, Func<CancellationToken, Task<string?>> load, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var seen = _entries.TryGetValue(userId, out var entry) ? entry : null;
        if (seen is { Stamp: { } cached } && seen.Until > now) return cached;

        var stamp = await load(cancellationToken);
        var forgotten = seen is { Stamp: null } && seen.Until > now;
        if (stamp is null || forgotten || settings.SecurityStampCacheDuration <= TimeSpan.Zero) return stamp;

        if (_entries.Count >= MaxEntries) _entries.Clear();
        var fresh = new Entry(stamp, now + settings.SecurityStampCacheDuration);
        // Only replace what was seen before the read: a Forget that happened meanwhile wins.
        if (seen is null) _entries.TryAdd(userId, fresh);
        else _entries.TryUpdate(userId, fresh, seen);
        return stamp;
    }

    public void Forget(Guid userId) => _entries[userId] = new Entry(null, clock.GetUtcNow() + ForgetWindow);

    private sealed record Entry(string? Stamp, DateTimeOffset Until);
}
