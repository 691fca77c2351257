using System.Collections.Concurrent;
using FinInfra.Application.Auth;
using Microsoft.Extensions.Configuration;

namespace FinInfra.Infrastructure.Security;

/// <summary>
/// <c>RateLimiting:Login</c>: failures free before backoff starts, per account and client network
/// (<c>FreeFailuresPerNetwork</c>, 5) and per account over all networks (<c>FreeFailuresPerAccount</c>, 50); the
/// first delay (<c>BaseDelaySeconds</c>, 1), doubled per further failure up to <c>MaxDelaySeconds</c> (900); and how
/// long a quiet account's count is kept (<c>ForgetAfterMinutes</c>, 60).
/// </summary>
public sealed record LoginThrottleSettings(int FreeFailuresPerNetwork, int FreeFailuresPerAccount, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan ForgetAfter)
{
    public static LoginThrottleSettings FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("RateLimiting:Login");
        return new LoginThrottleSettings(
            section.GetValue("FreeFailuresPerNetwork", 5),
            section.GetValue("FreeFailuresPerAccount", 50),
            TimeSpan.FromSeconds(section.GetValue("BaseDelaySeconds", 1)),
            TimeSpan.FromSeconds(section.GetValue("MaxDelaySeconds", 900)),
            TimeSpan.FromMinutes(section.GetValue("ForgetAfterMinutes", 60)));
    }
}

/// <summary>
/// Exponential backoff on failed logins, kept in this instance's memory (see docs/security.md for why not in the
/// database: a flood of failures must not become a flood of writes, and the counts are short-lived). With several
/// instances each counts on its own, so the free failures multiply by the instance count; the backoff still
/// doubles on each.
/// </summary>
public sealed class LoginThrottle(LoginThrottleSettings settings, TimeProvider clock) : ILoginThrottle
{
    /// <summary>A cap on memory under a flood of distinct accounts: beyond it, quiet entries are dropped first.</summary>
    private const int MaxEntries = 200_000;

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    public TimeSpan? RetryAfter(string account, string clientNetwork)
    {
        var now = clock.GetUtcNow();
        var wait = TimeSpan.Zero;
        var (pair, whole) = Keys(account, clientNetwork);
        foreach (var key in new[] { pair, whole })
            if (_counters.TryGetValue(key, out var counter) && counter.BlockedUntil(now) is { } until && until - now > wait)
                wait = until - now;
        return wait > TimeSpan.Zero ? wait : null;
    }

    public void RecordFailure(string account, string clientNetwork)
    {
        var now = clock.GetUtcNow();
        if (_counters.Count >= MaxEntries) Prune(now);
        var (pair, whole) = Keys(account, clientNetwork);
        _counters.GetOrAdd(pair, _ => new Counter()).Fail(now, settings.FreeFailuresPerNetwork, settings);
        _counters.GetOrAdd(whole, _ => new Counter()).Fail(now, settings.FreeFailuresPerAccount, settings);
    }

    /// <summary>The right password from this network clears its count; the account-wide count runs its course.</summary>
    public void RecordSuccess(string account, string clientNetwork) => _counters.TryRemove(Keys(account, clientNetwork).Pair, out _);

    private static (string Pair, string Whole) Keys(string account, string clientNetwork) => ($"{account}\n{clientNetwork}", account);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, counter) in _counters)
            if (counter.IsQuiet(now, settings.ForgetAfter)) _counters.TryRemove(key, out _);
        if (_counters.Count >= MaxEntries) _counters.Clear();
    }

    private sealed class Counter
    {
        private readonly Lock _gate = new();
        private int _failures;
        private DateTimeOffset _lastFailure;
        private DateTimeOffset _blockedUntil;

        public DateTimeOffset? BlockedUntil(DateTimeOffset now)
        {
            lock (_gate) return _blockedUntil > now ? _blockedUntil : null;
        }

        public bool IsQuiet(DateTimeOffset now, TimeSpan forgetAfter)
        {
            lock (_gate) return now - _lastFailure > forgetAfter && _blockedUntil <= now;
        }

        public void Fail(DateTimeOffset now, int free, LoginThrottleSettings settings)
        {
            lock (_gate)
            {
                if (now - _lastFailure > settings.ForgetAfter) _failures = 0;
                _failures++;
                _lastFailure = now;
                var over = _failures - free;
                if (over <= 0) return;
                var delay = TimeSpan.FromTicks(Math.Min(settings.MaxDelay.Ticks, settings.BaseDelay.Ticks * (1L << Math.Min(over - 1, 30))));
                _blockedUntil = now + delay;
            }
        }
    }
}
