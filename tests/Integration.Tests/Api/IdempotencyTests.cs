using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.BankSync;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Api;

/// <summary>Idempotency-Key on the POSTs that create or add money: a retry replays, it never repeats the work.</summary>
public sealed class IdempotencyTests
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<Guid> CreateGoalAsync(ApiUser user)
    {
        var goal = await (await user.Client.PostAsJsonAsync("/api/v1/goals", new { name = "Trip", targetAmount = 1000m, targetDate = "2030-01-01", priority = "low" }, Json)).ReadJsonAsync(HttpStatusCode.Created);
        return goal.GetProperty("id").GetGuid();
    }

    private static async Task<decimal> CurrentAmountAsync(ApiUser user, Guid goal) =>
        (await (await user.Client.GetAsync($"/api/v1/goals/{goal}")).ReadJsonAsync()).GetProperty("currentAmount").GetDecimal();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_retried_contribution_replays_the_first_answer_and_adds_the_money_once(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var goal = await CreateGoalAsync(user);
        var path = $"/api/v1/goals/{goal}/contributions";

        var first = await PostAsync(user.Client, path, """{"amount":250}""", "contribution-1");
        var firstBody = await first.Content.ReadAsStringAsync();
        await EnsureStatusAsync(first, HttpStatusCode.OK);
        var retry = await PostAsync(user.Client, path, """{"amount":250}""", "contribution-1");

        await EnsureStatusAsync(retry, HttpStatusCode.OK);
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
        Assert.Equal("application/json", retry.Content.Headers.ContentType?.MediaType);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(250m, await CurrentAmountAsync(user, goal));

        // Another key is another contribution; no key at all is the plain, unprotected call.
        await EnsureStatusAsync(await PostAsync(user.Client, path, """{"amount":250}""", "contribution-2"), HttpStatusCode.OK);
        await EnsureStatusAsync(await PostAsync(user.Client, path, """{"amount":250}""", null), HttpStatusCode.OK);
        Assert.Equal(750m, await CurrentAmountAsync(user, goal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_same_key_with_a_different_request_is_422_and_keys_are_per_user(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var other = await api.CreateUserAsync();
        var goal = await CreateGoalAsync(user);
        var otherGoal = await CreateGoalAsync(other);

        await EnsureStatusAsync(await PostAsync(user.Client, $"/api/v1/goals/{goal}/contributions", """{"amount":250}""", "k"), HttpStatusCode.OK);
        var changedBody = await PostAsync(user.Client, $"/api/v1/goals/{goal}/contributions", """{"amount":900}""", "k");
        Assert.Equal("idempotency.key_reused", (await AssertProblemAsync(changedBody, HttpStatusCode.UnprocessableEntity)).GetProperty("rule").GetString());
        await AssertProblemAsync(await PostAsync(user.Client, "/api/v1/net-worth/snapshots", "{}", "k"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(250m, await CurrentAmountAsync(user, goal));

        // Another user's "k" is theirs alone.
        await EnsureStatusAsync(await PostAsync(other.Client, $"/api/v1/goals/{otherGoal}/contributions", """{"amount":900}""", "k"), HttpStatusCode.OK);
        Assert.Equal(900m, await CurrentAmountAsync(other, otherGoal));

        // A key is remembered for a day, then forgotten.
        api.Clock.Advance(TimeSpan.FromHours(25));
        var later = api.CreateClient();
        later.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await api.LoginAsync(user.Email));
        await EnsureStatusAsync(await PostAsync(later, $"/api/v1/goals/{goal}/contributions", """{"amount":900}""", "k"), HttpStatusCode.OK);
        Assert.Equal(1150m, (await (await later.GetAsync($"/api/v1/goals/{goal}")).ReadJsonAsync()).GetProperty("currentAmount").GetDecimal());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failed_request_frees_its_key_and_a_bad_key_is_400(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        var goal = await CreateGoalAsync(user);
        var path = $"/api/v1/goals/{goal}/contributions";

        await AssertProblemAsync(await PostAsync(user.Client, path, """{"amount":-5}""", "retry-me"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await PostAsync(user.Client, $"/api/v1/goals/{Guid.NewGuid()}/contributions", """{"amount":5}""", "retry-me"), HttpStatusCode.NotFound);
        await EnsureStatusAsync(await PostAsync(user.Client, path, """{"amount":5}""", "retry-me"), HttpStatusCode.OK);
        Assert.Equal(5m, await CurrentAmountAsync(user, goal));

        var tooLong = await AssertProblemAsync(await PostAsync(user.Client, path, """{"amount":5}""", new string('k', 256)), HttpStatusCode.BadRequest);
        Assert.True(tooLong.GetProperty("errors").TryGetProperty("idempotency-Key", out _) || tooLong.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(5m, await CurrentAmountAsync(user, goal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Imports_snapshots_and_connections_replay_too(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();

        const string connectionBody = """{"provider":"manual","institutionName":"Cash box"}""";
        var created = await PostAsync(user.Client, "/api/v1/bank-connections", connectionBody, "conn");
        var connection = await created.ReadJsonAsync(HttpStatusCode.Created);
        var again = await PostAsync(user.Client, "/api/v1/bank-connections", connectionBody, "conn");
        Assert.Equal(connection.GetRawText(), (await again.ReadJsonAsync(HttpStatusCode.Created)).GetRawText());
        Assert.Equal(created.Headers.Location, again.Headers.Location);
        var connections = await (await user.Client.GetAsync("/api/v1/bank-connections")).ReadJsonAsync();
        Assert.Single(connections.GetProperty("items").EnumerateArray());

        var account = await (await user.Client.PostAsJsonAsync($"/api/v1/bank-connections/{connection.GetProperty("id").GetGuid()}/accounts",
            new { name = "Wallet", type = "depository", balance = 100m }, Json)).ReadJsonAsync(HttpStatusCode.Created);
        const string import = """{"transactions":[{"transactionId":"t1","amount":-12.5,"date":"2026-03-01","name":"Coffee"}]}""";
        var importPath = $"/api/v1/accounts/{account.GetProperty("id").GetGuid()}/transactions";
        var firstImport = await (await PostAsync(user.Client, importPath, import, "import-1")).ReadJsonAsync();
        var replayedImport = await (await PostAsync(user.Client, importPath, import, "import-1")).ReadJsonAsync();
        // A real second import would report the row as unchanged; the replay reports what the first one did.
        Assert.Equal(firstImport.GetRawText(), replayedImport.GetRawText());
        var plainSecond = await (await PostAsync(user.Client, importPath, import, null)).ReadJsonAsync();
        Assert.NotEqual(firstImport.GetRawText(), plainSecond.GetRawText());

        var snapshot = await PostAsync(user.Client, "/api/v1/net-worth/snapshots", "{}", "snap");
        var snapshotBody = await snapshot.Content.ReadAsStringAsync();
        Assert.True(snapshot.IsSuccessStatusCode, snapshotBody);
        var snapshotAgain = await PostAsync(user.Client, "/api/v1/net-worth/snapshots", "{}", "snap");
        Assert.Equal(snapshot.StatusCode, snapshotAgain.StatusCode);
        Assert.Equal(snapshotBody, await snapshotAgain.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Simultaneous_requests_with_one_key_do_the_work_once(DatabaseProvider provider)
    {
        var logs = new LogCapture();
        await using var api = await ApiFactory.CreateAsync(provider, services: services => services.AddSingleton<ILoggerProvider>(logs));
        var user = await api.CreateUserAsync();
        var goal = await CreateGoalAsync(user);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync(user.Client, $"/api/v1/goals/{goal}/contributions", """{"amount":40}""", "at-once")));

        Assert.Equal(40m, await CurrentAmountAsync(user, goal));
        var succeeded = answers.Where(a => a.StatusCode == HttpStatusCode.OK).ToList();
        Assert.NotEmpty(succeeded);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var bodies = await Task.WhenAll(succeeded.Select(a => a.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        // The requests that lost the key had their insert skipped by the unique index, not failed: no error was logged.
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }
}
