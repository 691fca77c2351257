using System.Net;
using System.Text;
using System.Text.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Api;

/// <summary>
/// Every route that takes a body or a query, fed malformed JSON, wrong types, unknown enum values, out-of-range
/// numbers, unparsable dates, missing fields, bad cursors and limits: always a 4xx problem, never a 500, and the
/// user's data is exactly as it was.
/// </summary>
public sealed class BadInputMatrixTests
{
    private static readonly string Oversized = $"{{\"name\":\"{new string('x', 1024 * 1024 + 10)}\"}}";

    private static string Budget(string rest) => "{\"name\":\"B\",\"type\":\"monthly\",\"startDate\":\"2026-01-01\"," + rest + "}";

    private static string Goal(string rest) => "{\"name\":\"G\",\"targetAmount\":100,\"targetDate\":\"2027-01-01\"," + rest + "}";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_input_is_a_4xx_problem_and_changes_nothing(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var data = await UserData.CreateAsync(await api.CreateUserAsync());
        var before = await data.SnapshotAsync(api);

        var connection = $"/api/v1/bank-connections/{data.ConnectionId}";
        var account = $"/api/v1/accounts/{data.AccountId}";
        var transaction = $"/api/v1/transactions/{data.TransactionId}";
        var budget = $"/api/v1/budgets/{data.BudgetId}";
        var goal = $"/api/v1/goals/{data.GoalId}";
        const string good = """{"transactionId":"new","amount":-1,"date":"2026-02-04","name":"Ok"}""";
        var cases = new List<(HttpMethod Method, string Path, string? Body, HttpStatusCode Expected)>
        {
            (HttpMethod.Post, "/api/v1/auth/register", """{"email":""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/auth/register", """{"email":42,"password":"long enough pw"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/auth/register", """{"email":"a@b.co"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/auth/register", """{"email":"a@b.co","password":null}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/auth/register", $$"""{"email":"{{data.User.Email}}","password":"long enough pw"}""", HttpStatusCode.Conflict),
            (HttpMethod.Post, "/api/v1/auth/login", """{"email":"a@b.co"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/auth/login", """[]""", HttpStatusCode.BadRequest),

            (HttpMethod.Post, "/api/v1/bank-connections", """{"provider":"bogus"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/bank-connections", """{"provider":0}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/bank-connections", """{"provider":"sandbox","publicToken":"x"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/bank-connections", """{"institutionName":"No provider"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/bank-connections?limit=0", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/bank-connections?cursor=not-a-cursor", null, HttpStatusCode.BadRequest),

            (HttpMethod.Post, $"{connection}/accounts", """{"name":"A","type":"cash","balance":1}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{connection}/accounts", """{"name":"A","type":"depository","balance":"lots"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{connection}/accounts", """{"name":"A","type":"depository","balance":1e20}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{connection}/accounts", """{"name":"A","type":"depository","balance":1.00001}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{connection}/accounts", """{"name":"A","type":"depository","balance":1e-30}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{connection}/accounts", """{"name":"A\u0000B","type":"depository","balance":1}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/bank-connections", """{"provider":"manual","institutionName":"Bank\u0007"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/transactions?search=a%00b", null, HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{connection}/accounts", """{"type":"depository","balance":1}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{connection}/accounts", """{"name":"  ","type":"depository","balance":1}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{connection}/accounts", """{"name":"A","type":"depository","balance":1,"currency":"EU"}""", HttpStatusCode.BadRequest),

            (HttpMethod.Get, "/api/v1/accounts?type=cash", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/accounts?type=9", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/accounts?limit=501", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/accounts?limit=abc", null, HttpStatusCode.BadRequest),
            (HttpMethod.Patch, account, """{"name":""}""", HttpStatusCode.BadRequest),
            (HttpMethod.Patch, account, """{"balance":"x"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Patch, account, """{"balance":12.345678}""", HttpStatusCode.BadRequest),
            (HttpMethod.Patch, account, """["name"]""", HttpStatusCode.BadRequest),

            (HttpMethod.Post, $"{account}/transactions", """{"transactions":[]}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{account}/transactions", """{}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{account}/transactions", $$"""{"transactions":[{{good}},{{good}}]}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{account}/transactions", $$"""{"transactions":[{{good}},{"transactionId":"x","amount":1,"date":"2026-13-01","name":"Bad"}]}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{account}/transactions", $$"""{"transactions":[{{good}},{"transactionId":"x","amount":"1","date":"2026-01-01","name":"Bad"}]}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{account}/transactions", $$"""{"transactions":[{{good}},{"transactionId":"x","amount":1,"date":"2026-01-01"}]}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{account}/transactions", $$"""{"transactions":[{{good}},{"transactionId":"x","amount":1e16,"date":"2026-01-01","name":"Huge"}]}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{account}/transactions", $$"""{"transactions":[{{good}},{"transactionId":"","amount":1,"date":"2026-01-01","name":"No id"}]}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{account}/transactions", $$"""{"transactions":[{{string.Join(',', Enumerable.Range(0, 1001).Select(i => good.Replace("\"new\"", $"\"n{i}\"")))}}]}""", HttpStatusCode.BadRequest),

            (HttpMethod.Get, "/api/v1/transactions?from=yesterday", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/transactions?to=2026-02-30", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/transactions?from=2026-03-01&to=2026-02-01", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/transactions?limit=0", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/transactions?limit=501", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/transactions?cursor=abc", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, $"/api/v1/transactions?cursor={Uri.EscapeDataString(Convert.ToBase64String(Encoding.UTF8.GetBytes("d1|x|y")))}", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/transactions?pending=maybe", null, HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/transactions?accountId=42", null, HttpStatusCode.BadRequest),
            (HttpMethod.Patch, transaction, """{"name":""}""", HttpStatusCode.BadRequest),
            (HttpMethod.Patch, transaction, $$"""{"category":"{{new string('c', 256)}}"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Patch, transaction, """{"name":7}""", HttpStatusCode.BadRequest),

            (HttpMethod.Post, "/api/v1/budgets", """{"name":"B","type":"daily","startDate":"2026-01-01","categories":{"Food":1}}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/budgets", Budget(""" "categories":{} """), HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/budgets", Budget(""" "categories":{"Food":-5} """), HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/budgets", Budget(""" "categories":{"Food":5,"FOOD":6} """), HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/budgets", Budget(""" "endDate":"2025-12-31","categories":{"Food":5} """), HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/budgets", """{"name":"B","type":"monthly","startDate":"01/02/2026","categories":{"Food":5}}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/budgets", """{"name":"B","type":"monthly","categories":{"Food":5}}""", HttpStatusCode.BadRequest),
            (HttpMethod.Put, budget, Budget(""" "categories":{"Food":0} """), HttpStatusCode.BadRequest),
            (HttpMethod.Put, budget, Budget(""" "categories":{"":5} """), HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/budgets?limit=-1", null, HttpStatusCode.BadRequest),

            (HttpMethod.Post, "/api/v1/goals", Goal(""" "priority":"urgent" """), HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/goals", """{"name":"G","targetAmount":0,"targetDate":"2027-01-01","priority":"low"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/goals", Goal(""" "priority":"low","currentAmount":-1 """), HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/goals", """{"name":"G","targetAmount":100,"priority":"low"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Put, goal, Goal(""" "priority":"High!" """), HttpStatusCode.BadRequest),
            (HttpMethod.Put, goal, """{"name":"G","targetAmount":1e30,"targetDate":"2027-01-01","priority":"low"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/v1/goals?cursor=%00", null, HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{goal}/contributions", """{"amount":0}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{goal}/contributions", """{"amount":-5}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{goal}/contributions", """{"amount":"ten"}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{goal}/contributions", """{"amount":1e16}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{goal}/contributions", """{}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{goal}/contributions", """{"amount":1""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{goal}/contributions", "", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{goal}/contributions", "null", HttpStatusCode.BadRequest),
            (HttpMethod.Patch, account, "null", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{account}/transactions", """{"transactions":null}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{account}/transactions", """{"transactions":[null]}""", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/api/v1/budgets", Budget(""" "categories":null """), HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"{goal}/contributions", Oversized, HttpStatusCode.RequestEntityTooLarge),
            (HttpMethod.Put, budget, Oversized, HttpStatusCode.RequestEntityTooLarge),
        };

        foreach (var (method, path, body, expected) in cases)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
            var problem = await AssertProblemAsync(await data.User.Client.SendAsync(request), expected);
            if (expected == HttpStatusCode.BadRequest && body is not null && body.Length > 0)
                Assert.True(problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object, $"{method} {path} {body}: 400 without errors");
        }

        using var wrongType = new HttpRequestMessage(HttpMethod.Post, "/api/v1/goals") { Content = new StringContent("name=G", Encoding.UTF8, "application/x-www-form-urlencoded") };
        await AssertProblemAsync(await data.User.Client.SendAsync(wrongType), HttpStatusCode.UnsupportedMediaType);

        Assert.Equal(before, await data.SnapshotAsync(api));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Business_rule_violations_are_409_and_change_nothing(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var data = await UserData.CreateAsync(await api.CreateUserAsync());
        await EnsureStatusAsync(await data.User.Client.DeleteAsync($"/api/v1/bank-connections/{data.ConnectionId}"), HttpStatusCode.NoContent);
        var before = await data.SnapshotAsync(api);

        var addToDisconnected = await data.User.Client.PostAsync($"/api/v1/bank-connections/{data.ConnectionId}/accounts",
            new StringContent("""{"name":"A","type":"depository","balance":1}""", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(addToDisconnected, HttpStatusCode.Conflict);

        Assert.Equal(before, await data.SnapshotAsync(api));
    }
}
