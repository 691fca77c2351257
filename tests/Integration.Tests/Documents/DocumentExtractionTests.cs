using System.Globalization;
using System.Net;
using System.Text.Json;
using FinInfra.Application.Documents;
using FinInfra.Domain.Documents;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Documents.Extraction;
using FinInfra.Infrastructure.Security;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Documents;

/// <summary>
/// Extraction as a durable background job run in a child process: the upload answers pending at once, the worker
/// (run here one round at a time, never on its timer) records extracted or failed, and a hostile PDF kills only
/// the child.
/// </summary>
public sealed class DocumentExtractionTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"fininfra-extract-{Guid.NewGuid():N}");

    private Task<ApiFactory> ApiAsync(DatabaseProvider provider, Dictionary<string, string?>? extraction = null)
    {
        var settings = new Dictionary<string, string?> { ["Documents:StorageRoot"] = _root + Path.DirectorySeparatorChar };
        foreach (var (key, value) in extraction ?? []) settings[$"{DocumentExtractionOptions.Section}:{key}"] = value;
        return ApiFactory.CreateAsync(provider, settings);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static async Task<Guid> UploadAsync(ApiUser user, byte[] pdf, string expectedExtraction = "pending")
    {
        var created = await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(pdf, "statement.pdf", "application/pdf", "statement")))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(expectedExtraction, created.GetProperty("extraction").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("extractedData").ValueKind);
        return created.GetProperty("id").GetGuid();
    }

    private static Task<int> RunWorkerOnceAsync(ApiFactory api) =>
        api.Services.GetRequiredService<DocumentExtractionWorker>().RunOnceAsync(CancellationToken.None);

    private static async Task<JsonElement> DocumentAsync(ApiUser user, Guid id) =>
        await (await user.Client.GetAsync($"/api/v1/documents/{id}")).ReadJsonAsync();

    private static async Task AssertFailedAsync(ApiUser user, Guid id, string reason)
    {
        var document = await DocumentAsync(user, id);
        Assert.Equal("failed", document.GetProperty("extraction").GetString());
        Assert.Contains(reason, document.GetProperty("extractionFailure").GetString());
        Assert.Equal(JsonValueKind.Null, document.GetProperty("extractedData").ValueKind);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_upload_answers_pending_and_the_worker_records_the_text(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider);
        var user = await api.CreateUserAsync();
        var id = await UploadAsync(user, DocumentFiles.Pdf("Form W-2 Wages 1234.56"));
        var csv = (await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Csv, "bank.csv", "text/csv")))
            .ReadJsonAsync(HttpStatusCode.Created));
        Assert.Equal("not_supported", csv.GetProperty("extraction").GetString());
        Assert.Equal("pending", (await (await user.Client.GetAsync("/api/v1/documents")).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id).GetProperty("extraction").GetString());

        Assert.Equal(1, await RunWorkerOnceAsync(api));

        var document = await DocumentAsync(user, id);
        Assert.Equal("extracted", document.GetProperty("extraction").GetString());
        Assert.Contains("Wages 1234.56", document.GetProperty("extractedData").GetProperty("text").GetString());
        Assert.Equal(0, await RunWorkerOnceAsync(api));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_pdf_that_overflows_the_readers_stack_fails_its_extraction_and_the_service_carries_on(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider);
        var user = await api.CreateUserAsync();
        var hostile = await UploadAsync(user, HostilePdfs.DeepRecursion());
        var fine = await UploadAsync(user, DocumentFiles.Pdf("still served"));

        Assert.Equal(2, await RunWorkerOnceAsync(api));

        await AssertFailedAsync(user, hostile, "stopped unexpectedly");
        Assert.Equal("extracted", (await DocumentAsync(user, fine)).GetProperty("extraction").GetString());
        await UploadAsync(user, DocumentFiles.Pdf("and more uploads are taken"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_decompression_bomb_is_refused_by_its_decompressed_size(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider, new() { ["MaxDecompressedBytes"] = (16 * 1024 * 1024).ToString(CultureInfo.InvariantCulture) });
        var user = await api.CreateUserAsync();
        var bomb = HostilePdfs.DecompressionBomb();
        Assert.True(bomb.Length < 1024 * 1024);
        var id = await UploadAsync(user, bomb);

        Assert.Equal(1, await RunWorkerOnceAsync(api));

        await AssertFailedAsync(user, id, $"decompresses to more than {16 * 1024 * 1024} bytes");
    }

    [Fact]
    public async Task Past_its_memory_limit_the_childs_extraction_fails()
    {
        // With the decompression check out of the way, PdfPig inflates the bomb itself and runs out of the child's heap
        // (it swallows that OutOfMemoryException and would carry on with an empty page; the child does not).
        await using var api = await ApiAsync(DatabaseProvider.Sqlite, new()
        {
            ["MaxDecompressedBytes"] = long.MaxValue.ToString(CultureInfo.InvariantCulture),
            ["MaxMemoryBytes"] = (64 * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
        });
        var user = await api.CreateUserAsync();
        var id = await UploadAsync(user, HostilePdfs.DecompressionBomb());

        Assert.Equal(1, await RunWorkerOnceAsync(api));

        await AssertFailedAsync(user, id, "needs more memory than extraction is allowed");
    }

    [Fact]
    public async Task A_pdf_over_the_page_limit_and_a_child_past_its_deadline_fail_with_their_reasons()
    {
        await using (var api = await ApiAsync(DatabaseProvider.Sqlite, new() { ["MaxPages"] = "2" }))
        {
            var user = await api.CreateUserAsync();
            var id = await UploadAsync(user, Pdf(pages: 3));
            Assert.Equal(1, await RunWorkerOnceAsync(api));
            await AssertFailedAsync(user, id, "has 3 pages; text is extracted from at most 2");
        }

        // No process starts, reads a PDF and answers within a millisecond.
        await using (var api = await ApiAsync(DatabaseProvider.Sqlite, new() { ["Timeout"] = "00:00:00.001" }))
        {
            var user = await api.CreateUserAsync();
            var id = await UploadAsync(user, Pdf(pages: 1));
            Assert.Equal(1, await RunWorkerOnceAsync(api));
            await AssertFailedAsync(user, id, "took longer than");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Racing_rounds_extract_each_document_once_and_a_job_whose_worker_died_is_given_up_on(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider, new() { ["MaxAttempts"] = "2" });
        var user = await api.CreateUserAsync();
        var first = await UploadAsync(user, DocumentFiles.Pdf("one"));
        var second = await UploadAsync(user, DocumentFiles.Pdf("two"));

        var rounds = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => RunWorkerOnceAsync(api))));
        Assert.Equal(2, rounds.Sum());
        Assert.Equal("extracted", (await DocumentAsync(user, first)).GetProperty("extraction").GetString());
        Assert.Equal("extracted", (await DocumentAsync(user, second)).GetProperty("extraction").GetString());

        // Two claims whose worker vanished (the lease expired, nothing recorded): the next claim gives up on it.
        var stuck = await UploadAsync(user, DocumentFiles.Pdf("three"));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var scope = api.Services.CreateAsyncScope();
            Assert.True(await scope.ServiceProvider.GetRequiredService<ExtractionClaims>().TryClaimAsync(stuck, TimeSpan.FromMinutes(-1), CancellationToken.None));
        }
        Assert.Equal(1, await RunWorkerOnceAsync(api));
        await AssertFailedAsync(user, stuck, "abandoned after 2 attempts");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_owners_own_data_wins_over_a_pending_extraction(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider);
        var user = await api.CreateUserAsync();
        var id = await UploadAsync(user, DocumentFiles.Pdf("machine text"));
        await (await user.Client.PutAsync($"/api/v1/documents/{id}/extracted-data",
            new StringContent("""{"employer":"ACME"}""", System.Text.Encoding.UTF8, "application/json"))).ReadJsonAsync();

        Assert.Equal(0, await RunWorkerOnceAsync(api));

        var document = await DocumentAsync(user, id);
        Assert.Equal("extracted", document.GetProperty("extraction").GetString());
        Assert.Equal("ACME", document.GetProperty("extractedData").GetProperty("employer").GetString());
        Assert.False(document.GetProperty("extractedData").TryGetProperty("text", out _));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Documents_stored_before_background_extraction_upgrade_with_their_rows(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var user = await PersistenceTestDataUserAsync(database);
        Guid withText, pdfWithout, csv;
        await using (var db = database.CreateContext(user))
        {
            var a = Document.Create(user, "a.pdf", "w2", $"{user:N}/a", "application/pdf", 10, new string('a', 64), extractable: true);
            a.ReplaceExtractedData(ExtractedDataJson.Write(new Dictionary<string, JsonElement> { ["text"] = JsonSerializer.SerializeToElement("old text") }));
            var b = Document.Create(user, "b.pdf", "w2", $"{user:N}/b", "application/pdf", 10, new string('b', 64), extractable: true);
            var c = Document.Create(user, "c.csv", "statement", $"{user:N}/c", "text/csv", 10, new string('c', 64), extractable: false);
            db.AddRange(a, b, c);
            await db.SaveChangesAsync();
            (withText, pdfWithout, csv) = (a.Id, b.Id, c.Id);
        }

        await using (var db = database.CreateContext(systemScope: true))
        {
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            var added = migrations.Single(m => m.EndsWith("_AddDocumentExtractionJobs", StringComparison.Ordinal));
            await migrator.MigrateAsync(migrations[migrations.IndexOf(added) - 1]);
            await migrator.MigrateAsync();
        }

        await using (var db = database.CreateContext(user))
        {
            var states = await db.Documents.ToDictionaryAsync(d => d.Id, d => d.Extraction);
            Assert.Equal(ExtractionStatus.Extracted, states[withText]);
            Assert.Equal(ExtractionStatus.Pending, states[pdfWithout]);
            Assert.Equal(ExtractionStatus.NotSupported, states[csv]);
            Assert.Equal("old text", ExtractedDataJson.Read((await db.Documents.SingleAsync(d => d.Id == withText)).ExtractedData)!["text"].GetString());
        }
    }

    private static async Task<Guid> PersistenceTestDataUserAsync(TestDatabase database)
    {
        await using var db = database.CreateContext(systemScope: true);
        var user = FinInfra.Domain.Users.User.Register(FinInfra.Domain.Common.Email.Create($"u-{Guid.NewGuid():N}@example.com"), new Pbkdf2PasswordHasher(1_000).Hash("password"));
        db.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    private static byte[] Pdf(int pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var i = 1; i <= pages; i++) builder.AddPage(PageSize.A4).AddText($"page {i}", 12, new PdfPoint(25, 700), font);
        return builder.Build();
    }
}
