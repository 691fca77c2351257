using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FinInfra.Api;

namespace FinInfra.Integration.Tests.Infrastructure;

/// <summary>A registered, logged-in user and an HttpClient that sends their bearer token.</summary>
public sealed record ApiUser(Guid Id, string Email, string Password, string AccessToken, HttpClient Client);

public static class ApiFactoryClients
{
    public const string DefaultPassword = "correct horse battery staple";

    /// <summary>The JSON options the API uses, for reading its answers and writing requests.</summary>
    public static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiHost.ConfigureJson(options);
        return options;
    }

    /// <summary>Registers a new user (a unique email unless one is given), logs in, and returns an authenticated client.</summary>
    public static async Task<ApiUser> CreateUserAsync(this ApiFactory api, string? email = null, string password = DefaultPassword)
    {
        email ??= $"user-{Guid.NewGuid():N}@example.com";
        var anonymous = api.CreateClient();
        var registered = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { email, password }, Json);
        await EnsureStatusAsync(registered, HttpStatusCode.Created);
        var user = await registered.Content.ReadFromJsonAsync<JsonElement>(Json);

        var token = await api.LoginAsync(email, password);
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ApiUser(user.GetProperty("id").GetGuid(), email, password, token, client);
    }

    public static async Task<string> LoginAsync(this ApiFactory api, string email, string password = DefaultPassword)
    {
        var response = await api.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password }, Json);
        await EnsureStatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("accessToken").GetString()!;
    }

    /// <summary>Fails with the response body in the message, which says far more than the status alone.</summary>
    public static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Asserts an RFC 9457 answer with this status, and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        await EnsureStatusAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await EnsureStatusAsync(response, expected);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }
}
