using System.Net;
using System.Net.Http.Json;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Security;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Api;

/// <summary>Login limits stop the abuser and nobody else: per client network, per account and network, and on hashing.</summary>
public sealed class LoginAbuseTests
{
    private const string PeerHeader = "X-Test-Peer";

    /// <summary>The in-memory server has no sockets: each request names the peer address it arrives from.</summary>
    private sealed class PeerAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(PeerHeader, out var peer)) context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private static Task<ApiFactory> CreateAsync(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null) =>
        ApiFactory.CreateAsync(DatabaseProvider.Sqlite, settings, s =>
        {
            s.AddSingleton<IStartupFilter, PeerAddressFromHeader>();
            services?.Invoke(s);
        });

    private static async Task<HttpResponseMessage> LoginAsync(ApiFactory api, string peer, string email, string password, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { email, password }, options: Json) };
        request.Headers.Add(PeerHeader, peer);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await api.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task One_attackers_flood_does_not_lock_out_the_victim_or_anyone_else()
    {
        await using var api = await CreateAsync(new() { ["RateLimiting:Auth:PermitLimit"] = "5", ["RateLimiting:Login:FreeFailuresPerNetwork"] = "3" });
        var victim = await api.CreateUserAsync();
        var bystander = await api.CreateUserAsync();

        var flood = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 12; attempt++)
            flood.Add((await LoginAsync(api, "203.0.113.7", victim.Email, $"guess-{attempt}")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, flood[^1]);
        Assert.DoesNotContain(HttpStatusCode.OK, flood);

        // The victim, from their own address, signs in at once; so does anyone else.
        await EnsureStatusAsync(await LoginAsync(api, "198.51.100.20", victim.Email, victim.Password), HttpStatusCode.OK);
        await EnsureStatusAsync(await LoginAsync(api, "198.51.100.30", bystander.Email, bystander.Password), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Failed_logins_at_one_account_back_off_with_doubling_delays_for_that_network_only()
    {
        await using var api = await CreateAsync(new() { ["RateLimiting:Login:FreeFailuresPerNetwork"] = "3" });
        var user = await api.CreateUserAsync();
        const string attacker = "203.0.113.7";

        for (var attempt = 0; attempt < 4; attempt++)
            await AssertProblemAsync(await LoginAsync(api, attacker, user.Email, $"guess-{attempt}"), HttpStatusCode.Unauthorized);
        // Failure 4 is one past the free three: 1 s of backoff, during which even the right password is refused unhashed.
        var blocked = await LoginAsync(api, attacker, user.Email.ToUpperInvariant(), user.Password);
        await AssertProblemAsync(blocked, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(1), blocked.Headers.RetryAfter?.Delta);

        api.Clock.Advance(TimeSpan.FromSeconds(1));
        await AssertProblemAsync(await LoginAsync(api, attacker, user.Email, "guess-5"), HttpStatusCode.Unauthorized);
        Assert.Equal(TimeSpan.FromSeconds(2), (await LoginAsync(api, attacker, user.Email, "guess-6")).Headers.RetryAfter?.Delta);

        // The owner elsewhere is not locked out, and the attacker's other accounts are not affected either.
        await EnsureStatusAsync(await LoginAsync(api, "198.51.100.20", user.Email, user.Password), HttpStatusCode.OK);
        await AssertProblemAsync(await LoginAsync(api, attacker, "someone-else@example.com", "guess"), HttpStatusCode.Unauthorized);

        api.Clock.Advance(TimeSpan.FromSeconds(2));
        await EnsureStatusAsync(await LoginAsync(api, attacker, user.Email, user.Password), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Guessing_spread_over_many_networks_backs_off_the_account_as_a_whole()
    {
        await using var api = await CreateAsync(new() { ["RateLimiting:Login:FreeFailuresPerAccount"] = "6" });
        var user = await api.CreateUserAsync();
        for (var host = 1; host <= 7; host++)
            await AssertProblemAsync(await LoginAsync(api, $"203.0.113.{host}", user.Email, "guess"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await LoginAsync(api, "198.51.100.20", user.Email, user.Password), HttpStatusCode.TooManyRequests);
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        await EnsureStatusAsync(await LoginAsync(api, "198.51.100.20", user.Email, user.Password), HttpStatusCode.OK);
    }

    [Fact]
    public async Task IPv6_clients_share_one_budget_per_64()
    {
        await using var api = await CreateAsync(new() { ["RateLimiting:Auth:PermitLimit"] = "2" });
        await AssertProblemAsync(await LoginAsync(api, "2001:db8:1:2::a", "x@example.com", "guess"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await LoginAsync(api, "2001:db8:1:2:ffff:ffff:ffff:fffe", "x@example.com", "guess"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await LoginAsync(api, "2001:db8:1:2::b", "x@example.com", "guess"), HttpStatusCode.TooManyRequests);
        await AssertProblemAsync(await LoginAsync(api, "2001:db8:1:3::a", "x@example.com", "guess"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Forwarded_for_is_believed_only_from_the_configured_proxies()
    {
        await using var api = await CreateAsync(new() { ["RateLimiting:Auth:PermitLimit"] = "2", ["ReverseProxy:KnownProxies:0"] = "10.0.0.2" });

        // A client that is not a listed proxy (loopback included) cannot escape its budget by naming other clients.
        foreach (var direct in new[] { "198.51.100.9", "127.0.0.1" })
        {
            for (var attempt = 0; attempt < 2; attempt++)
                await AssertProblemAsync(await LoginAsync(api, direct, "x@example.com", "guess", forwardedFor: $"192.0.2.{attempt}"), HttpStatusCode.Unauthorized);
            await AssertProblemAsync(await LoginAsync(api, direct, "x@example.com", "guess", forwardedFor: "192.0.2.99"), HttpStatusCode.TooManyRequests);
        }

        // Behind the listed proxy, each client it names has a budget of its own.
        for (var attempt = 0; attempt < 2; attempt++)
            await AssertProblemAsync(await LoginAsync(api, "10.0.0.2", "x@example.com", "guess", forwardedFor: "203.0.113.1"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await LoginAsync(api, "10.0.0.2", "x@example.com", "guess", forwardedFor: "203.0.113.1"), HttpStatusCode.TooManyRequests);
        await AssertProblemAsync(await LoginAsync(api, "10.0.0.2", "x@example.com", "guess", forwardedFor: "203.0.113.2"), HttpStatusCode.Unauthorized);
    }

    /// <summary>Verifies like the real hasher, but holds the password "hold" until released.</summary>
    private sealed class HoldingHasher : IPasswordHasher
    {
        private readonly Pbkdf2PasswordHasher _inner = new(iterations: 1_000);
        public readonly ManualResetEventSlim Entered = new();
        public readonly ManualResetEventSlim Release = new();

        public string Hash(string password) => _inner.Hash(password);

        public bool Verify(string password, string hashedPassword)
        {
            if (password == "hold")
            {
                Entered.Set();
                Release.Wait(TimeSpan.FromSeconds(30));
            }
            return _inner.Verify(password, hashedPassword);
        }
    }

    [Fact]
    public async Task Password_hashing_runs_a_bounded_number_at_once_and_the_overflow_is_told_to_retry()
    {
        var hasher = new HoldingHasher();
        await using var api = await CreateAsync(
            new() { ["RateLimiting:PasswordHashing:MaxConcurrent"] = "1", ["RateLimiting:PasswordHashing:QueueLimit"] = "0" },
            s => s.AddSingleton<IPasswordHasher>(hasher));
        var user = await api.CreateUserAsync();

        var held = LoginAsync(api, "198.51.100.1", user.Email, "hold");
        Assert.True(hasher.Entered.Wait(TimeSpan.FromSeconds(30)), "the first login never reached the hasher");

        var overflow = await LoginAsync(api, "198.51.100.2", user.Email, user.Password);
        await AssertProblemAsync(overflow, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), overflow.Headers.RetryAfter?.Delta);
        // Routes that hash nothing are not held up by the queue.
        await EnsureStatusAsync(await user.Client.GetAsync("/api/v1/users/me"), HttpStatusCode.OK);

        hasher.Release.Set();
        await AssertProblemAsync(await held, HttpStatusCode.Unauthorized);
        await EnsureStatusAsync(await LoginAsync(api, "198.51.100.2", user.Email, user.Password), HttpStatusCode.OK);
    }
}
