using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Api;

public sealed class AuthTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Factory_points_the_app_at_the_test_database(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var settings = api.Services.GetRequiredService<DatabaseSettings>();
        Assert.Equal(provider, settings.Provider);
        Assert.Equal(api.Database.Settings.ConnectionString, settings.ConnectionString);
        Assert.Same(api.Clock, api.Services.GetRequiredService<TimeProvider>());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Register_login_and_me_round_trip(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var anonymous = api.CreateClient();

        var registered = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { email = "Ada@Example.com", password = DefaultPassword }, Json);
        var user = await registered.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("ada@example.com", user.GetProperty("email").GetString());
        Assert.Equal(api.Clock.GetUtcNow(), user.GetProperty("createdAt").GetDateTimeOffset());
        Assert.False(user.TryGetProperty("hashedPassword", out _));
        Assert.Equal("/api/v1/users/me", registered.Headers.Location?.OriginalString);

        var login = await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "ada@example.com", password = DefaultPassword }, Json)).ReadJsonAsync();
        Assert.Equal("Bearer", login.GetProperty("tokenType").GetString());
        Assert.Equal(3600, login.GetProperty("expiresIn").GetInt32());

        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        var me = await (await client.GetAsync("/api/v1/users/me")).ReadJsonAsync();
        Assert.Equal(user.GetProperty("id").GetGuid(), me.GetProperty("id").GetGuid());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Wrong_password_and_unknown_email_get_the_same_401(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var anonymous = api.CreateClient();

        var wrongPassword = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "not the password" }, Json);
        var unknownEmail = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@example.com", password = "not the password" }, Json);

        var first = await AssertProblemAsync(wrongPassword, HttpStatusCode.Unauthorized);
        var second = await AssertProblemAsync(unknownEmail, HttpStatusCode.Unauthorized);
        Assert.Equal(first.GetProperty("detail").GetString(), second.GetProperty("detail").GetString());
        Assert.Equal(first.GetProperty("title").GetString(), second.GetProperty("title").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Duplicate_email_is_409_case_insensitively(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        await api.CreateUserAsync("grace@example.com");
        var again = await api.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { email = "GRACE@example.com", password = DefaultPassword }, Json);
        await AssertProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Missing_expired_or_forged_tokens_are_401_problems(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();

        await AssertProblemAsync(await api.CreateClient().GetAsync("/api/v1/users/me"), HttpStatusCode.Unauthorized);

        var forged = api.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken[..^4] + "AAAA");
        await AssertProblemAsync(await forged.GetAsync("/api/v1/users/me"), HttpStatusCode.Unauthorized);

        await (await user.Client.GetAsync("/api/v1/users/me")).ReadJsonAsync();
        api.Clock.Advance(TimeSpan.FromMinutes(61));
        await AssertProblemAsync(await user.Client.GetAsync("/api/v1/users/me"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Login_is_rate_limited_with_retry_after(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider, new Dictionary<string, string?> { ["RateLimiting:Auth:PermitLimit"] = "3" });
        var anonymous = api.CreateClient();
        for (var attempt = 0; attempt < 3; attempt++)
            await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "x@example.com", password = "guess-" + attempt }, Json), HttpStatusCode.Unauthorized);

        var limited = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "x@example.com", password = "one more" }, Json);
        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_registration_input_is_400_with_errors(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var anonymous = api.CreateClient();
        var problem = await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { email = "not-an-email", password = "short" }, Json), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));

        await AssertProblemAsync(await anonymous.PostAsync("/api/v1/auth/register", new StringContent("{\"email\":", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await anonymous.PostAsync("/api/v1/auth/register", new StringContent("{\"email\":\"a@b.co\"}", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await anonymous.PostAsync("/api/v1/auth/register", new StringContent("email=a", System.Text.Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        var huge = new StringContent($"{{\"email\":\"a@b.co\",\"password\":\"{new string('x', 2 * 1024 * 1024)}\"}}", System.Text.Encoding.UTF8, "application/json");
        await AssertProblemAsync(await anonymous.PostAsync("/api/v1/auth/register", huge), HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_me_removes_the_account(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        await EnsureStatusAsync(await user.Client.DeleteAsync("/api/v1/users/me"), HttpStatusCode.NoContent);
        await AssertProblemAsync(await user.Client.GetAsync("/api/v1/users/me"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await user.Client.GetAsync("/api/v1/goals"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/goals", new { name = "G", targetAmount = 1m, targetDate = "2030-01-01", priority = "low" }, Json), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await api.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password }, Json), HttpStatusCode.Unauthorized);
    }
}
