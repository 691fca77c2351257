using System.Net;
using System.Text;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;

namespace FinInfra.Integration.Tests.Api;

/// <summary>
/// A bounded, deterministic fuzz over every route that takes a body, a query or an id: each field of a valid request
/// is replaced, one at a time, by each edge value of its kind (huge and tiny numbers, negative zero, five decimals,
/// 10 000-character and control-character strings, the first and last dates, wrong JSON types), then bodies are sent
/// with wrong content types, ids that are not GUIDs, and bad limits and cursors. Whatever the server answers, it is
/// never a 5xx, every 4xx is problem details, and a rejected request leaves the user's data exactly as it was.
/// </summary>
public sealed class EdgeInputFuzzTests
{
    private enum Kind { Number, Text, Date, Enum, Bool, Email, Password }

    private static readonly string Long = new('x', 10_000);

    /// <summary>Edge values as raw JSON, by the kind of field they replace.</summary>
    private static readonly Dictionary<Kind, string[]> Edges = new()
    {
        [Kind.Number] =
        [
            "1e30", "79228162514264337593543950335", "-79228162514264337593543950335", "1e400", "-0", "-0.0", "1.12345",
            "1e-30", "999999999999999.9999", "1000000000000000", "\"1\"", "null", "true", "[]", "{}",
        ],
        [Kind.Text] =
        [
            $"\"{Long}\"", "\"a\\u0000b\"", "\"bell\\u0007 ☃ \\ud83d\\ude00 é\"", "\"\\ud800\"", "\"\"", "\"   \"", "\"\\t\\n\"",
            "\"'; DROP TABLE users; --\"", "\"../../etc/passwd\"", "42", "null", "[]",
        ],
        [Kind.Date] = ["\"0001-01-01\"", "\"9999-12-31\"", "\"2026-02-30\"", "\"\"", "\"2026-1-1\"", "\"2026-01-01T00:00:00Z\"", "20260101", "null"],
        [Kind.Enum] = ["\"\"", "\"MONTHLY\"", "\"x\\u0000\"", "0", "7", "null", $"\"{Long}\""],
        [Kind.Bool] = ["\"yes\"", "1", "null"],
        [Kind.Email] = ["\"a\\u0000@example.com\"", $"\"{Long}@example.com\"", "\"no-at-sign\"", "\"\"", "\"ADA@EXAMPLE.COM \"", "null"],
        [Kind.Password] = ["\"short\"", $"\"{Long}\"", "\"pass\\u0000word-long\"", "\"\"", "null"],
    };

    private static readonly string[] QueryEdges =
    [
        "", "%00", "a%00b", Uri.EscapeDataString(Long), "-1", "0", "501", "1e30", "79228162514264337593543950335",
        "0001-01-01", "9999-12-31", "2026-02-30", "true", "%FF%FE", "%ud800",
    ];

    // No "%00" here: the test server refuses to build such a path (Kestrel itself answers it with a bare 400).
    private static readonly string[] BadIds = ["zzz", "1", "00000000-0000-0000-0000-000000000000", Uri.EscapeDataString(Long), "01a2-not-a-guid"];

    private sealed record Field(string Name, Kind Kind, string Valid);

    private static string Body(IEnumerable<Field> fields, Field? replaced = null, string? value = null) =>
        "{" + string.Join(',', fields.Select(f => $"\"{f.Name}\":{(f == replaced ? value : f.Valid)}")) + "}";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Edge_inputs_never_produce_a_5xx_and_a_rejected_request_changes_nothing(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var data = await UserData.CreateAsync(await api.CreateUserAsync());
        var client = data.User.Client;
        var failures = new List<string>();
        var state = await data.SnapshotAsync(api);

        async Task SendAsync(HttpMethod method, string path, string? body, string contentType = "application/json")
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var what = $"{method} {Shorten(path)} {Shorten(body)} ({contentType}) → {status}";
            if (status >= 500) failures.Add($"{what}: {Shorten(await response.Content.ReadAsStringAsync())}");
            if (status is >= 400 and < 500 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{what}: not problem details");

            var after = await data.SnapshotAsync(api);
            if (status >= 400 && after != state) failures.Add($"{what}: a rejected request changed the data");
            state = after;
        }

        var connection = $"/api/v1/bank-connections/{data.ConnectionId}";
        var account = $"/api/v1/accounts/{data.AccountId}";
        var budget = $"/api/v1/budgets/{data.BudgetId}";
        var goal = $"/api/v1/goals/{data.GoalId}";
        Field[] budgetFields =
        [
            new("name", Kind.Text, "\"Fuzz budget\""), new("type", Kind.Enum, "\"monthly\""), new("startDate", Kind.Date, "\"2026-01-01\""),
            new("endDate", Kind.Date, "\"2026-12-31\""), new("categories", Kind.Text, "{\"Food\":5}"),
        ];
        Field[] goalFields =
        [
            new("name", Kind.Text, "\"Fuzz goal\""), new("targetAmount", Kind.Number, "100"), new("currentAmount", Kind.Number, "1"),
            new("targetDate", Kind.Date, "\"2027-01-01\""), new("priority", Kind.Enum, "\"low\""),
        ];
        var bodies = new (HttpMethod Method, string Path, Field[] Fields)[]
        {
            (HttpMethod.Post, "/api/v1/auth/register", [new("email", Kind.Email, "\"fuzz@example.com\""), new("password", Kind.Password, "\"long enough password\"")]),
            (HttpMethod.Post, "/api/v1/auth/login", [new("email", Kind.Email, $"\"{data.User.Email}\""), new("password", Kind.Password, "\"wrong password!\"")]),
            (HttpMethod.Post, "/api/v1/bank-connections", [new("provider", Kind.Enum, "\"manual\""), new("institutionName", Kind.Text, "\"Cash\""), new("publicToken", Kind.Text, "null")]),
            (HttpMethod.Post, $"{connection}/accounts",
            [
                new("name", Kind.Text, "\"Fuzz\""), new("type", Kind.Enum, "\"depository\""), new("subtype", Kind.Text, "\"checking\""),
                new("balance", Kind.Number, "1"), new("accountId", Kind.Text, "\"fuzz-1\""), new("currency", Kind.Text, "\"USD\""),
            ]),
            (HttpMethod.Patch, account, [new("name", Kind.Text, "\"Renamed\""), new("balance", Kind.Number, "2")]),
            (HttpMethod.Patch, $"/api/v1/transactions/{data.TransactionId}",
                [new("name", Kind.Text, "\"Edited\""), new("merchantName", Kind.Text, "\"Shop\""), new("category", Kind.Text, "\"Food\"")]),
            (HttpMethod.Post, "/api/v1/budgets", budgetFields),
            (HttpMethod.Put, budget, budgetFields),
            (HttpMethod.Post, "/api/v1/goals", goalFields),
            (HttpMethod.Put, goal, goalFields),
            (HttpMethod.Post, $"{goal}/contributions", [new("amount", Kind.Number, "1")]),
            (HttpMethod.Post, "/api/v1/net-worth/snapshots", [new("date", Kind.Date, "\"2026-01-01\""), new("currency", Kind.Text, "\"USD\"")]),
        };
        Field[] transactionFields =
        [
            new("transactionId", Kind.Text, "\"fuzz-t\""), new("amount", Kind.Number, "-1.5"), new("date", Kind.Date, "\"2026-02-04\""),
            new("name", Kind.Text, "\"Fuzz\""), new("merchantName", Kind.Text, "\"Shop\""), new("category", Kind.Text, "\"Food\""),
            new("pending", Kind.Bool, "false"),
        ];

        foreach (var (method, path, fields) in bodies)
        {
            foreach (var field in fields)
                foreach (var value in Edges[field.Kind])
                    await SendAsync(method, path, Body(fields, field, value));
            foreach (var contentType in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data" })
                await SendAsync(method, path, Body(fields), contentType);
            await SendAsync(method, path, "");
            await SendAsync(method, path, "[]");
            await SendAsync(method, path, "{\"unterminated\":");
            await SendAsync(method, path, $"{{\"{fields[0].Name}\":{new string('[', 1000)}{new string(']', 1000)}}}");
        }

        var import = $"{account}/transactions";
        foreach (var field in transactionFields)
            foreach (var value in Edges[field.Kind])
                await SendAsync(HttpMethod.Post, import, $"{{\"transactions\":[{Body(transactionFields, field, value)}]}}");
        await SendAsync(HttpMethod.Post, import, "{\"transactions\":[]}");
        var batch = Enumerable.Range(0, 1000).Select(i => Body(transactionFields, transactionFields[0], $"\"batch-{i % 999}\"")).ToList();
        await SendAsync(HttpMethod.Post, import, $"{{\"transactions\":[{string.Join(',', batch)}]}}");
        var tooMany = Enumerable.Range(0, 1001).Select(i => Body(transactionFields, transactionFields[0], $"\"many-{i}\""));
        await SendAsync(HttpMethod.Post, import, $"{{\"transactions\":[{string.Join(',', tooMany)}]}}");

        var queries = new (string Path, string[] Parameters)[]
        {
            ("/api/v1/transactions", ["accountId", "from", "to", "category", "pending", "search", "limit", "cursor"]),
            ("/api/v1/accounts", ["type", "limit", "cursor"]),
            ("/api/v1/bank-connections", ["limit", "cursor"]),
            ("/api/v1/budgets", ["limit", "cursor"]),
            ("/api/v1/goals", ["limit", "cursor"]),
            ($"{budget}/progress", ["date", "includePending"]),
            ($"{goal}/progress", ["date"]),
            ("/api/v1/net-worth", ["currency"]),
            ("/api/v1/net-worth/snapshots", ["from", "to"]),
            ("/api/v1/analytics/spending", ["from", "to", "groupBy", "includePending"]),
            ("/api/v1/analytics/cash-flow", ["from", "to", "includePending"]),
            ("/api/v1/documents", ["limit", "cursor"]),
        };
        foreach (var (path, parameters) in queries)
            foreach (var parameter in parameters)
                foreach (var value in QueryEdges)
                    await SendAsync(HttpMethod.Get, $"{path}?{parameter}={value}", null);

        var idRoutes = new (HttpMethod Method, string Template, string? Body)[]
        {
            (HttpMethod.Get, "/api/v1/bank-connections/{0}", null), (HttpMethod.Delete, "/api/v1/bank-connections/{0}", null),
            (HttpMethod.Post, "/api/v1/bank-connections/{0}/accounts", "{\"name\":\"A\",\"type\":\"depository\",\"balance\":1}"),
            (HttpMethod.Post, "/api/v1/bank-connections/{0}/sync", null),
            (HttpMethod.Get, "/api/v1/accounts/{0}", null), (HttpMethod.Patch, "/api/v1/accounts/{0}", "{\"name\":\"A\"}"),
            (HttpMethod.Delete, "/api/v1/accounts/{0}", null), (HttpMethod.Post, "/api/v1/accounts/{0}/restore", null),
            (HttpMethod.Post, "/api/v1/accounts/{0}/transactions", "{\"transactions\":[{\"transactionId\":\"x\",\"amount\":1,\"date\":\"2026-01-01\",\"name\":\"A\"}]}"),
            (HttpMethod.Get, "/api/v1/transactions/{0}", null), (HttpMethod.Patch, "/api/v1/transactions/{0}", "{\"name\":\"A\"}"),
            (HttpMethod.Put, "/api/v1/transactions/{0}/pair", "{\"counterpartId\":\"01a23471-0000-7000-8000-000000000001\"}"),
            (HttpMethod.Delete, "/api/v1/transactions/{0}/pair", null),
            (HttpMethod.Get, "/api/v1/budgets/{0}", null), (HttpMethod.Put, "/api/v1/budgets/{0}", Body(budgetFields)),
            (HttpMethod.Delete, "/api/v1/budgets/{0}", null), (HttpMethod.Post, "/api/v1/budgets/{0}/restore", null),
            (HttpMethod.Get, "/api/v1/budgets/{0}/progress", null),
            (HttpMethod.Get, "/api/v1/goals/{0}", null), (HttpMethod.Put, "/api/v1/goals/{0}", Body(goalFields)),
            (HttpMethod.Delete, "/api/v1/goals/{0}", null), (HttpMethod.Post, "/api/v1/goals/{0}/restore", null),
            (HttpMethod.Post, "/api/v1/goals/{0}/contributions", "{\"amount\":1}"), (HttpMethod.Get, "/api/v1/goals/{0}/progress", null),
            (HttpMethod.Get, "/api/v1/documents/{0}", null), (HttpMethod.Get, "/api/v1/documents/{0}/content", null),
            (HttpMethod.Put, "/api/v1/documents/{0}/extracted-data", "{\"a\":1}"), (HttpMethod.Delete, "/api/v1/documents/{0}", null),
        };
        foreach (var (method, template, body) in idRoutes)
            foreach (var id in BadIds)
                await SendAsync(method, string.Format(template, id), body);

        Assert.True(failures.Count == 0, $"{failures.Count} failure(s):\n{string.Join('\n', failures.Take(40))}");
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 120 ? text : $"{text[..120]}…({text.Length} chars)";
}
