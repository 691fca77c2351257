using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.BankSync;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
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
        Assert.Equal(900, login.GetProperty("expiresIn").GetInt32());
        Assert.False(string.IsNullOrEmpty(login.GetProperty("refreshToken").GetString()));

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
        // The whole answer is the same but for the request's own trace id: body members and headers alike.
        static string WithoutTrace(System.Text.Json.JsonElement problem) =>
            string.Join(',', problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value.GetRawText()}"));
        Assert.Equal(WithoutTrace(first), WithoutTrace(second));
        Assert.Equal(wrongPassword.Headers.WwwAuthenticate.ToString(), unknownEmail.Headers.WwwAuthenticate.ToString());
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

        // A trailing slash or other casing reaches the same endpoint, and counts against the same budget.
        var limited = await anonymous.PostAsJsonAsync("/API/v1/auth/login/", new { email = "x@example.com", password = "one more" }, Json);
        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Register has its own budget per client, refused the same way.
        for (var attempt = 0; attempt < 3; attempt++)
            await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { email = "bad", password = "x" }, Json), HttpStatusCode.BadRequest);
        var registerLimited = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { email = "late@example.com", password = DefaultPassword }, Json);
        await AssertProblemAsync(registerLimited, HttpStatusCode.TooManyRequests);
        Assert.True(registerLimited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
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
        var tooLarge = await anonymous.PostAsync("/api/v1/auth/register", huge);
        await AssertProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        Assert.True(tooLarge.Headers.ConnectionClose, "the unread body ends the connection");
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

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Register_and_login_log_no_password_token_hash_or_key_even_at_trace_level(DatabaseProvider provider)
    {
        var logs = new LogCapture();
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
        };
        await using var api = await ApiFactory.CreateAsync(provider, settings, services => services.AddSingleton<ILoggerProvider>(logs));
        const string password = "Sup3r-secret passphrase!";
        var user = await api.CreateUserAsync(password: password);
        await AssertProblemAsync(await api.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "Wr0ng-secret passphrase!" }, Json), HttpStatusCode.Unauthorized);
        await (await user.Client.GetAsync("/api/v1/users/me")).ReadJsonAsync();

        await using var db = api.Database.CreateContext(systemScope: true);
        var hash = db.Users.Single(u => u.Id == user.Id).HashedPassword;
        Assert.Contains(logs.Lines, l => l.Contains("LoginCommand", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("INSERT INTO", StringComparison.OrdinalIgnoreCase));
        foreach (var secret in new[] { password, "Wr0ng-secret passphrase!", user.AccessToken, user.AccessToken.Split('.')[2], hash, ApiFactory.JwtSigningKey, ApiFactory.EncryptionKey })
            Assert.DoesNotContain(secret, logs.All, StringComparison.Ordinal);
    }
}
