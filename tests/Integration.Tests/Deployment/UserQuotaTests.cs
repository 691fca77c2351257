using System.Net;
using System.Net.Http.Json;
using FinInfra.Infrastructure.BankProviders.Sandbox;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Documents;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Deployment;

/// <summary>Per-user limits from configuration: past one, a 409 problem naming the quota, and nothing stored.</summary>
public sealed class UserQuotaTests : IDisposable
{
    private const string Connections = "/api/v1/bank-connections";
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"fininfra-quota-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private Task<ApiFactory> ApiAsync(DatabaseProvider provider, string key, string value) =>
        ApiFactory.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Documents:StorageRoot"] = _root + Path.DirectorySeparatorChar,
            [$"Limits:PerUser:{key}"] = value,
        });

    private IEnumerable<string> StoredFiles() =>
        Directory.Exists(_root) ? Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories) : [];

    private static async Task AssertQuotaAsync(HttpResponseMessage response, string rule)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(rule, problem.GetProperty("rule").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Connections_past_the_limit_are_refused_before_the_provider_is_called(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider, "MaxConnections", "2");
        var user = await api.CreateUserAsync();
        var other = await api.CreateUserAsync();
        await (await user.Client.PostAsJsonAsync(Connections, new { provider = "manual" }, Json)).ReadJsonAsync(HttpStatusCode.Created);
        await (await user.Client.PostAsJsonAsync(Connections, new { provider = "sandbox", publicToken = SandboxBankProvider.GoodToken }, Json)).ReadJsonAsync(HttpStatusCode.Created);

        await AssertQuotaAsync(await user.Client.PostAsJsonAsync(Connections, new { provider = "manual" }, Json), "quota.connections");
        await AssertQuotaAsync(await user.Client.PostAsJsonAsync(Connections, new { provider = "sandbox", publicToken = SandboxBankProvider.GoodToken }, Json), "quota.connections");

        await using (var db = api.Database.CreateContext(userId: user.Id))
            Assert.Equal(2, await db.BankConnections.CountAsync());
        // Another user's allowance is their own.
        await (await other.Client.PostAsJsonAsync(Connections, new { provider = "manual" }, Json)).ReadJsonAsync(HttpStatusCode.Created);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Documents_past_the_count_limit_are_refused_and_deleted_ones_still_count(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider, "MaxDocuments", "2");
        var user = await api.CreateUserAsync();
        var first = await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Csv, "a.csv", "text/csv"))).ReadJsonAsync(HttpStatusCode.Created);
        await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Csv, "b.csv", "text/csv"))).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/v1/documents/{first.GetProperty("id").GetGuid()}")).StatusCode);

        await AssertQuotaAsync(await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Csv, "c.csv", "text/csv")), "quota.documents");

        Assert.Equal(2, StoredFiles().Count());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_that_does_not_fit_in_the_stored_bytes_left_is_refused_and_not_kept(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider, "MaxStoredBytes", "100");
        var user = await api.CreateUserAsync();
        var sixty = "date,amount\n"u8.ToArray().Concat(Enumerable.Repeat((byte)'1', 47)).Append((byte)'\n').ToArray();
        Assert.Equal(60, sixty.Length);
        await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(sixty, "a.csv", "text/csv"))).ReadJsonAsync(HttpStatusCode.Created);

        var refused = await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(sixty, "b.csv", "text/csv"));

        await AssertQuotaAsync(refused, "quota.stored_bytes");
        Assert.Single(StoredFiles());
        await using var db = api.Database.CreateContext(userId: user.Id);
        Assert.Equal(1, await db.Documents.CountAsync());
    }
}
