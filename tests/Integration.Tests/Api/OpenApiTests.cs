using System.Net;
using System.Text.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;
using Microsoft.Extensions.DependencyInjection;

namespace FinInfra.Integration.Tests.Api;

public sealed class OpenApiTests
{
    private static readonly string[] Routes =
    [
        "post /api/v1/auth/register", "post /api/v1/auth/login", "get /api/v1/users/me", "delete /api/v1/users/me",
        "post /api/v1/bank-connections", "get /api/v1/bank-connections", "get /api/v1/bank-connections/{id}", "delete /api/v1/bank-connections/{id}",
        "post /api/v1/bank-connections/{id}/accounts",
        "get /api/v1/accounts", "get /api/v1/accounts/{id}", "patch /api/v1/accounts/{id}", "delete /api/v1/accounts/{id}",
        "post /api/v1/accounts/{id}/restore", "post /api/v1/accounts/{id}/transactions",
        "get /api/v1/transactions", "get /api/v1/transactions/{id}", "patch /api/v1/transactions/{id}",
        "post /api/v1/budgets", "get /api/v1/budgets", "get /api/v1/budgets/{id}", "put /api/v1/budgets/{id}", "delete /api/v1/budgets/{id}", "post /api/v1/budgets/{id}/restore",
        "post /api/v1/goals", "get /api/v1/goals", "get /api/v1/goals/{id}", "put /api/v1/goals/{id}", "delete /api/v1/goals/{id}", "post /api/v1/goals/{id}/restore",
        "post /api/v1/goals/{id}/contributions",
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Document_describes_every_route_with_schemas_bearer_and_problems(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var document = await (await api.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync();

        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());

        var paths = document.GetProperty("paths");
        foreach (var route in Routes)
        {
            var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not documented");
            Assert.True(item.TryGetProperty(method, out var operation), $"{route} is not documented");
            var responses = operation.GetProperty("responses");
            Assert.True(responses.EnumerateObject().Any(r => r.Name.StartsWith('2')), $"{route} documents no success response");
            Assert.True(responses.EnumerateObject().Any(r => r.Name.StartsWith('4') && r.Value.GetProperty("content").TryGetProperty("application/problem+json", out _)),
                $"{route} documents no problem response");
            if (path.Contains('{')) Assert.True(responses.TryGetProperty("404", out _), $"{route} documents no 404");
            if (method is "post" or "put" or "patch" && !path.EndsWith("/restore"))
                Assert.True(operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _), $"{route} documents no JSON body");
            var isPublic = path is "/api/v1/auth/register" or "/api/v1/auth/login";
            var requirement = Assert.Single(operation.GetProperty("security").EnumerateArray());
            Assert.Equal(!isPublic, requirement.TryGetProperty("Bearer", out _));
        }

        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Contains("login_required", schemas.GetProperty("ConnectionStatus").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.True(schemas.TryGetProperty("AccountDto", out var account) && account.GetProperty("properties").TryGetProperty("classification", out _));
    }

    [Fact]
    public async Task Every_api_route_the_service_maps_is_in_the_document()
    {
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Sqlite);
        var paths = (await (await api.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync()).GetProperty("paths");
        var mapped = api.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                (Method: m.ToLowerInvariant(), Path: "/" + System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!, @"\{(\w+)(:[^}]*)?\}", "{$1}").ToLowerInvariant())))
            .Distinct().ToList();

        Assert.Contains(("get", "/api/v1/users/me/export"), mapped);
        Assert.Contains(("put", "/api/v1/transactions/{id}/pair"), mapped);
        // URLs are lower case on the wire (routing's LowercaseUrls); the document spells them as served.
        var documented = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (Method: o.Name, Path: p.Name.ToLowerInvariant()))).ToHashSet();
        var missing = mapped.Where(r => !documented.Contains(r)).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Scalar_renders_the_document(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var response = await api.CreateClient().GetAsync("/scalar");
        await EnsureStatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>What @redocly/cli's recommended rules and typed-client generators need (the lint itself runs in .ci/run).</summary>
    [Fact]
    public async Task Every_operation_has_a_summary_an_operation_id_and_a_security_declaration_and_tags_read_as_words()
    {
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Sqlite);
        var document = await (await api.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync();

        Assert.All(document.GetProperty("servers").EnumerateArray(), server => Assert.False(server.GetProperty("url").GetString()!.EndsWith('/')));
        var ids = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject())
        {
            var name = $"{operation.Name} {path.Name}";
            Assert.False(string.IsNullOrWhiteSpace(operation.Value.TryGetProperty("summary", out var summary) ? summary.GetString() : null), $"{name} has no summary");
            Assert.True(operation.Value.TryGetProperty("operationId", out var id), $"{name} has no operationId");
            ids.Add(id.GetString()!);
            Assert.True(operation.Value.TryGetProperty("security", out _), $"{name} declares no security");
            Assert.All(operation.Value.GetProperty("tags").EnumerateArray(), tag => Assert.Matches("^[A-Z][a-z]+( [a-z]+)*$", tag.GetString()));
        }
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("Bank sync", document.GetRawText());
        Assert.Contains("Budget progress", document.GetRawText());

        // A field with a default may be left out, so it is not required (a generated client would insist on it).
        var incoming = document.GetProperty("components").GetProperty("schemas").GetProperty("ImportedTransaction");
        Assert.DoesNotContain("pending", incoming.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        foreach (var schema in document.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            if (!schema.Value.TryGetProperty("properties", out var properties) || !schema.Value.TryGetProperty("required", out var required)) continue;
            foreach (var field in required.EnumerateArray().Select(r => r.GetString()!))
                Assert.False(properties.TryGetProperty(field, out var property) && property.TryGetProperty("default", out _), $"{schema.Name}.{field} has a default yet is required");
        }

        // The retry-safe POSTs say so.
        var contribute = document.GetProperty("paths").GetProperty("/api/v1/goals/{id}/contributions").GetProperty("post");
        Assert.Contains(contribute.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
    }

    /// <summary>The progress, net-worth, analytics and document routes: documented, with a success answer, a 404 where they take an id, and the bearer requirement.</summary>
    private static readonly string[] DerivedAndDocumentRoutes =
    [
        "get /api/v1/budgets/{id}/progress", "get /api/v1/goals/{id}/progress",
        "get /api/v1/net-worth", "post /api/v1/net-worth/snapshots", "get /api/v1/net-worth/snapshots",
        "get /api/v1/analytics/spending", "get /api/v1/analytics/cash-flow",
        "post /api/v1/documents", "get /api/v1/documents", "get /api/v1/documents/{id}", "get /api/v1/documents/{id}/content",
        "put /api/v1/documents/{id}/extracted-data", "delete /api/v1/documents/{id}",
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Progress_net_worth_analytics_and_document_routes_are_documented(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var paths = (await (await api.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync()).GetProperty("paths");

        foreach (var route in DerivedAndDocumentRoutes)
        {
            var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not documented");
            Assert.True(item.TryGetProperty(method, out var operation), $"{route} is not documented");
            var responses = operation.GetProperty("responses");
            Assert.True(responses.EnumerateObject().Any(r => r.Name.StartsWith('2')), $"{route} documents no success response");
            if (path.Contains('{')) Assert.True(responses.TryGetProperty("404", out _), $"{route} documents no 404");
            Assert.True(operation.TryGetProperty("security", out _), $"{route} does not say it needs a bearer token");
        }
        var upload = paths.GetProperty("/api/v1/documents").GetProperty("post");
        var form = upload.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties");
        Assert.Equal("binary", form.GetProperty("file").GetProperty("format").GetString());
        Assert.True(upload.GetProperty("responses").TryGetProperty("413", out _));
        Assert.True(upload.GetProperty("responses").TryGetProperty("415", out _));
        var download = paths.GetProperty("/api/v1/documents/{id}/content").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.All(["application/pdf", "image/png", "image/jpeg", "text/csv", "text/plain"], type => Assert.True(download.TryGetProperty(type, out _), type));
    }
}
