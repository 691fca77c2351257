using System.Net;
using System.Net.Sockets;
using System.Text;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;

namespace FinInfra.Integration.Tests.Documents;

/// <summary>
/// The upload size limit on a real Kestrel server (the in-memory test server enforces no request body limit), with
/// the bodies a client can send that do not declare an honest length: chunked, or with a Content-Length that is
/// shorter than what follows.
/// </summary>
public sealed class DocumentUploadLimitTests : IDisposable
{
    private const int MaxBytes = 1024;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fininfra-doc-limits-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private IEnumerable<string> StoredFiles() =>
        Directory.Exists(_root) ? Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories) : [];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Chunked_and_falsely_sized_uploads_over_the_limit_are_413_or_400_and_store_nothing(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Documents:StorageRoot"] = _root,
            ["Documents:MaxSizeBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        api.UseKestrel(0);
        var user = await api.CreateUserAsync();

        // Chunked, the file one byte over the limit: refused while it streams. The rest of the body is never read, so the
        // answer ends the connection and says so; the client's next request (below) goes on a new one.
        AssertRefusedAndClosed(await user.Client.PostAsync("/api/v1/documents", Chunked(Body(new string('a', MaxBytes + 1)))));

        // Chunked, a small file behind 200 KB of another field: the route's body limit (file limit + 64 KB) stops it.
        var padded = "--b\r\nContent-Disposition: form-data; name=\"padding\"\r\n\r\n" + new string('p', 200_000) + "\r\n" + Body("small")[4..];
        AssertRefusedAndClosed(await user.Client.PostAsync("/api/v1/documents", Chunked(padded)));

        // A Content-Length shorter than the body: only the declared bytes are read, so the multipart body ends early.
        Assert.Equal(400, await PostWithFalseLengthAsync(api, user.AccessToken, Body(new string('a', 4 * MaxBytes)), declared: 300));
        Assert.Empty(StoredFiles());

        // The same route still stores a file at exactly the limit, chunked.
        Assert.Equal(HttpStatusCode.Created, (await user.Client.PostAsync("/api/v1/documents", Chunked(Body(new string('a', MaxBytes))))).StatusCode);
        Assert.Single(StoredFiles());
    }

    private static void AssertRefusedAndClosed(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(response.Headers.ConnectionClose, "a 413 sent before the body was read must carry Connection: close");
    }

    private static string Body(string fileText) =>
        "--b\r\nContent-Disposition: form-data; name=\"documentType\"\r\n\r\nreceipt\r\n" +
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n" + fileText + "\r\n--b--\r\n";

    /// <summary>A body of unknown length, which HttpClient sends with Transfer-Encoding: chunked.</summary>
    private static HttpContent Chunked(string body)
    {
        var content = new StreamContent(new UnknownLengthStream(Encoding.ASCII.GetBytes(body)));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        return content;
    }

    private static async Task<int> PostWithFalseLengthAsync(ApiFactory api, string accessToken, string body, int declared)
    {
        var address = api.CreateClient().BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/v1/documents HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {accessToken}\r\n" +
                   $"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {declared}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + body));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? "";
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
