using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Documents;
using FinInfra.Integration.Tests.Infrastructure;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Api;

/// <summary><c>GET /api/v1/users/me/export</c>: the caller's own archive, and nobody else's.</summary>
public sealed class UserExportApiTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"fininfra-export-api-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static async Task<(Guid Id, byte[] Bytes)> CreateAsync(ApiUser user, string tag)
    {
        await (await user.Client.PostAsJsonAsync("/api/v1/budgets",
            new { name = $"Budget {tag}", type = "monthly", startDate = "2026-01-31", categories = new Dictionary<string, decimal> { ["Food"] = 500.1234m } }, Json))
            .ReadJsonAsync(HttpStatusCode.Created);
        await (await user.Client.PostAsJsonAsync("/api/v1/goals", new { name = $"Goal {tag}", targetAmount = 8000.0001m, targetDate = "2027-06-30", priority = "medium" }, Json))
            .ReadJsonAsync(HttpStatusCode.Created);
        var pdf = DocumentFiles.Pdf($"Statement {tag}");
        var document = await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(pdf, $"{tag}.pdf", "application/pdf", "statement")))
            .ReadJsonAsync(HttpStatusCode.Created);
        return (document.GetProperty("id").GetGuid(), pdf);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_caller_gets_a_zip_of_their_own_data_only(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider, new Dictionary<string, string?> { ["Documents:StorageRoot"] = _root + Path.DirectorySeparatorChar });
        var ada = await api.CreateUserAsync();
        var bob = await api.CreateUserAsync();
        var (adaDocument, adaPdf) = await CreateAsync(ada, "ada");
        var (bobDocument, _) = await CreateAsync(bob, "bob");

        var response = await ada.Client.GetAsync("/api/v1/users/me/export");

        await EnsureStatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Matches(@"^fininfra-export-\d{8}T\d{6}Z\.zip$", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var zip = new ZipArchive(new MemoryStream(bytes));
        string Read(string name)
        {
            using var reader = new StreamReader(zip.GetEntry(name)!.Open(), Encoding.UTF8);
            return reader.ReadToEnd();
        }

        var manifest = JsonDocument.Parse(Read("manifest.json")).RootElement;
        Assert.Equal(("fininfra-user-export", 1), (manifest.GetProperty("format").GetString(), manifest.GetProperty("version").GetInt32()));
        Assert.Equal(ada.Id, manifest.GetProperty("user").GetProperty("id").GetGuid());
        Assert.Equal(ada.Email, manifest.GetProperty("user").GetProperty("email").GetString());
        var users = JsonDocument.Parse(Read("tables/users.json")).RootElement;
        Assert.Equal(ada.Id, Assert.Single(users.EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal("Budget ada", Assert.Single(JsonDocument.Parse(Read("tables/budgets.json")).RootElement.EnumerateArray()).GetProperty("name").GetString());
        var goal = Assert.Single(JsonDocument.Parse(Read("tables/goals.json")).RootElement.EnumerateArray());
        Assert.Equal(8000.0001m, goal.GetProperty("target_amount").GetDecimal());
        Assert.Equal(adaDocument, Assert.Single(JsonDocument.Parse(Read("tables/documents.json")).RootElement.EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(adaPdf, ReadBytes(zip, $"files/{adaDocument:D}"));
        Assert.Null(zip.GetEntry($"files/{bobDocument:D}"));
        Assert.DoesNotContain(zip.Entries, e => ReadText(e).Contains(bob.Id.ToString(), StringComparison.OrdinalIgnoreCase) || ReadText(e).Contains(bob.Email, StringComparison.OrdinalIgnoreCase));
        // The caller's own credentials are not in it either (the manifest only names the omitted columns).
        Assert.DoesNotContain(zip.Entries, e => ReadText(e).Contains(ada.AccessToken, StringComparison.Ordinal));
        Assert.False(Assert.Single(users.EnumerateArray()).TryGetProperty("hashed_password", out _));
        Assert.False(users[0].TryGetProperty("security_stamp", out _));
    }

    [Fact]
    public async Task Anonymous_is_401()
    {
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Documents:StorageRoot"] = _root + Path.DirectorySeparatorChar });
        await AssertProblemAsync(await api.CreateClient().GetAsync("/api/v1/users/me/export"), HttpStatusCode.Unauthorized);
    }

    private static byte[] ReadBytes(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static string ReadText(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
