using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;

namespace FinInfra.Integration.Tests.Answers;

public sealed class AnswersOpenApiTests
{
    private static readonly string[] Routes =
    [
        "get /api/v1/budgets/{id}/progress", "get /api/v1/goals/{id}/progress",
        "get /api/v1/net-worth", "post /api/v1/net-worth/snapshots", "get /api/v1/net-worth/snapshots",
        "get /api/v1/analytics/spending", "get /api/v1/analytics/cash-flow",
        "post /api/v1/documents", "get /api/v1/documents", "get /api/v1/documents/{id}", "get /api/v1/documents/{id}/content",
        "put /api/v1/documents/{id}/extracted-data", "delete /api/v1/documents/{id}",
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_answer_and_document_routes_are_documented(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var paths = (await (await api.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync()).GetProperty("paths");

        foreach (var route in Routes)
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
