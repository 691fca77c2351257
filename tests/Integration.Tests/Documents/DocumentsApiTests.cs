using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Documents;

public sealed class DocumentsApiTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"fininfra-docs-{Guid.NewGuid():N}");

    private Task<ApiFactory> ApiAsync(DatabaseProvider provider, long maxBytes = 1024 * 1024) =>
        ApiFactory.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Documents:StorageRoot"] = _root + Path.DirectorySeparatorChar,
            ["Documents:MaxSizeBytes"] = maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private IEnumerable<string> StoredFiles() =>
        Directory.Exists(_root) ? Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories) : [];

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_pdf_round_trips_with_its_hash_text_and_a_safe_download(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider);
        var user = await api.CreateUserAsync();
        var pdf = DocumentFiles.Pdf("Form W-2 Wages 1234.56");

        var created = await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(pdf, "W2 2025 é.pdf", "application/pdf", "w2"));
        var document = await created.ReadJsonAsync(HttpStatusCode.Created);

        var id = document.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/documents/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("W2 2025 é.pdf", "w2", "application/pdf", pdf.Length),
            (document.GetProperty("filename").GetString(), document.GetProperty("documentType").GetString(),
             document.GetProperty("contentType").GetString(), document.GetProperty("sizeBytes").GetInt32()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), document.GetProperty("sha256").GetString());
        Assert.Equal("pending", document.GetProperty("extraction").GetString());

        var download = await user.Client.GetAsync($"/api/v1/documents/{id}/content");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("W2 2025 é.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("default-src 'none'; sandbox", download.Headers.GetValues("Content-Security-Policy").Single());

        var listed = await (await user.Client.GetAsync("/api/v1/documents")).ReadJsonAsync();
        Assert.Equal(id, listed.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_list_pages_newest_first_with_keyset_cursors_like_every_list_and_refuses_an_offset_cursor(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider);
        var user = await api.CreateUserAsync();
        var ids = new List<Guid>();
        foreach (var name in new[] { "a.csv", "b.csv", "c.csv" })
            ids.Add((await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Csv, name, "text/csv")))
                .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());

        var first = await (await user.Client.GetAsync("/api/v1/documents?limit=2")).ReadJsonAsync();
        Assert.Equal([ids[2], ids[1]], first.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
        var cursor = first.GetProperty("nextCursor").GetString();
        Assert.NotNull(cursor);
        // A document added between the pages is newer than the cursor: the next page neither repeats nor skips one.
        await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Csv, "d.csv", "text/csv"))).ReadJsonAsync(HttpStatusCode.Created);
        var second = await (await user.Client.GetAsync($"/api/v1/documents?limit=2&cursor={cursor}")).ReadJsonAsync();
        Assert.Equal([ids[0]], second.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);

        // The same limits as every list: 1–500.
        Assert.Equal(4, (await (await user.Client.GetAsync("/api/v1/documents?limit=500")).ReadJsonAsync()).GetProperty("items").GetArrayLength());
        var tooMany = await AssertProblemAsync(await user.Client.GetAsync("/api/v1/documents?limit=501"), HttpStatusCode.BadRequest);
        Assert.True(tooMany.GetProperty("errors").TryGetProperty("limit", out _));
        // A cursor of the old offset scheme ("2": documents already listed) is not a keyset position: a 400, not a 500.
        foreach (var old in new[] { "2", "50", "0" })
        {
            var refused = await AssertProblemAsync(await user.Client.GetAsync($"/api/v1/documents?cursor={old}"), HttpStatusCode.BadRequest);
            Assert.True(refused.GetProperty("errors").TryGetProperty("cursor", out _), old);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_list_returns_summaries_and_only_the_document_itself_carries_its_extracted_data(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider);
        var user = await api.CreateUserAsync();
        var id = (await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Csv, "bank.csv", "text/csv")))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await user.Client.PutAsJsonAsync($"/api/v1/documents/{id}/extracted-data", new { text = new string('x', 10_000) }, Json)).ReadJsonAsync();

        var item = (await (await user.Client.GetAsync("/api/v1/documents")).ReadJsonAsync()).GetProperty("items").EnumerateArray().Single();

        Assert.Equal(id, item.GetProperty("id").GetGuid());
        Assert.Equal("bank.csv", item.GetProperty("filename").GetString());
        Assert.False(item.TryGetProperty("extractedData", out _));
        var document = await (await user.Client.GetAsync($"/api/v1/documents/{id}")).ReadJsonAsync();
        Assert.Equal(10_000, document.GetProperty("extractedData").GetProperty("text").GetString()!.Length);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Extracted_data_is_replaced_and_a_deleted_document_is_gone(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider);
        var user = await api.CreateUserAsync();
        var id = (await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Csv, "bank.csv", "text/csv")))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await AssertProblemAsync(await user.Client.PutAsync($"/api/v1/documents/{id}/extracted-data", JsonContent.Create<object?>(null)), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await user.Client.PutAsJsonAsync($"/api/v1/documents/{id}/extracted-data", new[] { 1, 2 }), HttpStatusCode.BadRequest);
        var replaced = await (await user.Client.PutAsJsonAsync($"/api/v1/documents/{id}/extracted-data", new { employer = "ACME", wages = 1234.56m }, Json)).ReadJsonAsync();
        Assert.Equal("ACME", replaced.GetProperty("extractedData").GetProperty("employer").GetString());
        Assert.Equal(1234.56m, replaced.GetProperty("extractedData").GetProperty("wages").GetDecimal());
        var reread = await (await user.Client.GetAsync($"/api/v1/documents/{id}")).ReadJsonAsync();
        Assert.False(reread.GetProperty("extractedData").TryGetProperty("text", out _));

        // PostgreSQL's jsonb cannot hold U+0000 (in a key or a value): refused as input, never a 500, nothing changed.
        var nul = new StringContent("{\"note\":\"a\\u0000b\"}", System.Text.Encoding.UTF8, "application/json");
        var refused = await AssertProblemAsync(await user.Client.PutAsync($"/api/v1/documents/{id}/extracted-data", nul), HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("data", out _));
        var nulKey = new StringContent("{\"a\\u0000\":1}", System.Text.Encoding.UTF8, "application/json");
        await AssertProblemAsync(await user.Client.PutAsync($"/api/v1/documents/{id}/extracted-data", nulKey), HttpStatusCode.BadRequest);
        Assert.Equal("ACME", (await (await user.Client.GetAsync($"/api/v1/documents/{id}")).ReadJsonAsync()).GetProperty("extractedData").GetProperty("employer").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/v1/documents/{id}")).StatusCode);
        await AssertProblemAsync(await user.Client.GetAsync($"/api/v1/documents/{id}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await user.Client.GetAsync($"/api/v1/documents/{id}/content"), HttpStatusCode.NotFound);
        Assert.Empty((await (await user.Client.GetAsync("/api/v1/documents")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Path_traversal_and_control_characters_never_reach_the_disk(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider);
        var user = await api.CreateUserAsync();

        var document = await (await user.Client.PostAsync("/api/v1/documents",
            DocumentFiles.Upload(DocumentFiles.Csv, "../../etc/pass\u0001wd\r\n.csv", "text/csv"))).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal("passwd.csv", document.GetProperty("filename").GetString());
        Assert.Equal("text/csv", document.GetProperty("contentType").GetString());
        var stored = Assert.Single(StoredFiles());
        Assert.Equal(Path.Combine(_root, user.Id.ToString("N"), Path.GetFileName(stored)), stored);
        Assert.Matches("^[0-9a-f]{32}$", Path.GetFileName(stored));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Types_are_read_from_the_bytes_not_the_name_or_the_claim(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider);
        var user = await api.CreateUserAsync();

        foreach (var (bytes, name) in new[] { (DocumentFiles.Elf, "payslip.pdf"), (DocumentFiles.WindowsExe, "invoice.pdf"), (DocumentFiles.Html, "statement.pdf") })
            await AssertProblemAsync(await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(bytes, name, "application/pdf")), HttpStatusCode.UnsupportedMediaType);

        var png = await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Png, "notes.txt", "text/plain"))).ReadJsonAsync(HttpStatusCode.Created);
        var jpeg = await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Jpeg, "receipt", "application/octet-stream"))).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("image/png", png.GetProperty("contentType").GetString());
        Assert.Equal("image/jpeg", jpeg.GetProperty("contentType").GetString());
        Assert.Equal(JsonValueKind.Null, png.GetProperty("extractedData").ValueKind);
        Assert.Equal(2, StoredFiles().Count());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Oversize_empty_and_malformed_uploads_are_refused_and_leave_nothing(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider, maxBytes: 1024);
        var user = await api.CreateUserAsync();
        var exactly = new byte[1024];
        Array.Fill(exactly, (byte)'a');

        await AssertProblemAsync(await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload([.. exactly, (byte)'a'], "big.txt", "text/plain")), HttpStatusCode.RequestEntityTooLarge);
        await AssertProblemAsync(await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(new byte[200_000], "huge.txt", "text/plain")), HttpStatusCode.RequestEntityTooLarge);
        var empty = await AssertProblemAsync(await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload([], "empty.txt", "text/plain")), HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("file", out _));
        var untyped = await AssertProblemAsync(await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Csv, "a.csv", "text/csv", documentType: null)), HttpStatusCode.BadRequest);
        Assert.True(untyped.GetProperty("errors").TryGetProperty("documentType", out _));
        await AssertProblemAsync(await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Csv, "a.csv", "text/csv", documentType: "../w2")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/documents", new { file = "x" }), HttpStatusCode.UnsupportedMediaType);
        var truncated = new StringContent("--b\r\nContent-Disposition: form-data; name=\"documentType\"\r\n\r\nw2\r\n--b\r\n" +
            "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nno closing boundary");
        truncated.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        await AssertProblemAsync(await user.Client.PostAsync("/api/v1/documents", truncated), HttpStatusCode.BadRequest);
        var fileFirst = new MultipartFormDataContent { { new ByteArrayContent(DocumentFiles.Csv), "file", "a.csv" }, { new StringContent("w2"), "documentType" } };
        await AssertProblemAsync(await user.Client.PostAsync("/api/v1/documents", fileFirst), HttpStatusCode.BadRequest);
        Assert.Empty(StoredFiles());

        await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(exactly, "limit.txt", "text/plain"));
        Assert.Single(StoredFiles());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Someone_elses_document_does_not_exist(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider);
        var owner = await api.CreateUserAsync();
        var stranger = await api.CreateUserAsync();
        var id = (await (await owner.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Csv, "a.csv", "text/csv")))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await AssertProblemAsync(await stranger.Client.GetAsync($"/api/v1/documents/{id}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.Client.GetAsync($"/api/v1/documents/{id}/content"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.Client.PutAsJsonAsync($"/api/v1/documents/{id}/extracted-data", new { a = 1 }, Json), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.Client.DeleteAsync($"/api/v1/documents/{id}"), HttpStatusCode.NotFound);
        Assert.Empty((await (await stranger.Client.GetAsync("/api/v1/documents")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync($"/api/v1/documents/{id}/content")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_row_whose_file_went_missing_answers_404_not_500(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider);
        var user = await api.CreateUserAsync();
        var id = (await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Csv, "a.csv", "text/csv")))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        File.Delete(Assert.Single(StoredFiles()));

        await AssertProblemAsync(await user.Client.GetAsync($"/api/v1/documents/{id}/content"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync($"/api/v1/documents/{id}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failed_row_insert_removes_the_stored_file(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider);
        var user = await api.CreateUserAsync();
        // The user disappears between authentication and the insert: the row's foreign key fails after the file was written.
        await using (var db = api.Database.CreateContext(systemScope: true))
            await db.Database.ExecuteSqlAsync($"DELETE FROM users WHERE id = {user.Id}");

        var response = await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(DocumentFiles.Csv, "a.csv", "text/csv"));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"got {(int)response.StatusCode}");
        Assert.Empty(StoredFiles());
    }
}
