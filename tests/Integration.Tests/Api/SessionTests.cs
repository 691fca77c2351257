using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Api;

/// <summary>Sessions end when they should: rotation, reuse detection, password change, logout, and the stamp check.</summary>
public sealed class SessionTests
{
    private sealed record Session(string AccessToken, string RefreshToken, HttpClient Client);

    private static async Task<Session> LoginAsync(ApiFactory api, string email, string password = DefaultPassword)
    {
        var response = await api.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password }, Json);
        return ToSession(api, await response.ReadJsonAsync());
    }

    private static Session ToSession(ApiFactory api, JsonElement pair)
    {
        var client = api.CreateClient();
        var access = pair.GetProperty("accessToken").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access);
        return new Session(access, pair.GetProperty("refreshToken").GetString()!, client);
    }

    private static Task<HttpResponseMessage> RefreshAsync(ApiFactory api, string refreshToken) =>
        api.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken }, Json);

    private static Task<HttpResponseMessage> MeAsync(Session session) => session.Client.GetAsync("/api/v1/users/me");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refresh_token_rotates_and_its_reuse_revokes_the_whole_session(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var first = await LoginAsync(api, user.Email);
        var other = await LoginAsync(api, user.Email);

        // The access token is short-lived; the refresh token carries the session past it.
        api.Clock.Advance(TimeSpan.FromMinutes(16));
        await AssertProblemAsync(await MeAsync(first), HttpStatusCode.Unauthorized);
        var second = ToSession(api, await (await RefreshAsync(api, first.RefreshToken)).ReadJsonAsync());
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        await (await MeAsync(second)).ReadJsonAsync();

        // The spent token comes back (a stolen copy): refused, and the rotated successor dies with it.
        await AssertProblemAsync(await RefreshAsync(api, first.RefreshToken), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await RefreshAsync(api, second.RefreshToken), HttpStatusCode.Unauthorized);
        // Another session of the same user is a different family and carries on.
        await (await RefreshAsync(api, other.RefreshToken)).ReadJsonAsync();

        await AssertProblemAsync(await RefreshAsync(api, "not-a-token"), HttpStatusCode.Unauthorized);
        api.Clock.Advance(TimeSpan.FromDays(31));
        var stale = await LoginAsync(api, user.Email);
        api.Clock.Advance(TimeSpan.FromDays(31));
        await AssertProblemAsync(await RefreshAsync(api, stale.RefreshToken), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_one_of_two_simultaneous_refreshes_with_one_token_succeeds(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var session = await LoginAsync(api, user.Email);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RefreshAsync(api, session.RefreshToken)));

        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) <= 1, string.Join(", ", answers.Select(a => a.StatusCode)));
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized }));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_password_change_ends_every_earlier_token(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var laptop = await LoginAsync(api, user.Email);
        var phone = await LoginAsync(api, user.Email);

        var wrong = await laptop.Client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "not it at all", newPassword = "a brand new passphrase" }, Json);
        Assert.True((await AssertProblemAsync(wrong, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("currentPassword", out _));
        await (await MeAsync(phone)).ReadJsonAsync();

        var changed = await laptop.Client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = DefaultPassword, newPassword = "a brand new passphrase" }, Json);
        await EnsureStatusAsync(changed, HttpStatusCode.NoContent);

        foreach (var session in new[] { laptop, phone })
        {
            await AssertProblemAsync(await MeAsync(session), HttpStatusCode.Unauthorized);
            await AssertProblemAsync(await RefreshAsync(api, session.RefreshToken), HttpStatusCode.Unauthorized);
        }
        await AssertProblemAsync(await user.Client.GetAsync("/api/v1/goals"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await api.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = DefaultPassword }, Json), HttpStatusCode.Unauthorized);
        var fresh = await LoginAsync(api, user.Email, "a brand new passphrase");
        await (await MeAsync(fresh)).ReadJsonAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Logout_ends_every_session_of_the_user_and_no_one_elses(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var neighbour = await api.CreateUserAsync();
        var laptop = await LoginAsync(api, user.Email);
        var phone = await LoginAsync(api, user.Email);

        await EnsureStatusAsync(await laptop.Client.PostAsync("/api/v1/auth/logout", null), HttpStatusCode.NoContent);

        foreach (var session in new[] { laptop, phone })
        {
            await AssertProblemAsync(await MeAsync(session), HttpStatusCode.Unauthorized);
            await AssertProblemAsync(await RefreshAsync(api, session.RefreshToken), HttpStatusCode.Unauthorized);
        }
        await (await neighbour.Client.GetAsync("/api/v1/users/me")).ReadJsonAsync();
        await (await MeAsync(await LoginAsync(api, user.Email))).ReadJsonAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_stamp_check_is_served_from_memory_and_is_stale_for_at_most_the_cache_duration(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider, new Dictionary<string, string?> { ["Jwt:SecurityStampCacheSeconds"] = "30" });
        var user = await api.CreateUserAsync();
        await (await user.Client.GetAsync("/api/v1/users/me")).ReadJsonAsync();

        // Another instance ends the session: the stamp changes in the database, behind this instance's back.
        await using (var db = api.Database.CreateContext(systemScope: true))
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.SecurityStamp, new string('0', 32)));

        // This instance checks its memory, not the database, so the token still works until the entry expires…
        await (await user.Client.GetAsync("/api/v1/users/me")).ReadJsonAsync();
        api.Clock.Advance(TimeSpan.FromSeconds(29));
        await (await user.Client.GetAsync("/api/v1/users/me")).ReadJsonAsync();
        // …and not a moment longer.
        api.Clock.Advance(TimeSpan.FromSeconds(2));
        await AssertProblemAsync(await user.Client.GetAsync("/api/v1/users/me"), HttpStatusCode.Unauthorized);
    }
}
