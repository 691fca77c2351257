using System.Security.Cryptography;
using FinInfra.Application.Documents;
using FinInfra.Infrastructure.Documents;

namespace FinInfra.Integration.Tests.Documents;

public sealed class LocalDiskDocumentStorageTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"fininfra-storage-{Guid.NewGuid():N}");
    private readonly LocalDiskDocumentStorage _storage;

    public LocalDiskDocumentStorageTests() => _storage = new LocalDiskDocumentStorage(new DocumentStorageSettings(_root));

    private static string Key() => $"{Guid.NewGuid():N}/{Guid.NewGuid():N}";

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Staging_hashes_while_streaming_and_commit_moves_the_file_under_its_key()
    {
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        var key = Key();

        await using (var staged = await _storage.StageAsync(new MemoryStream(bytes), 200_000, CancellationToken.None))
        {
            Assert.Equal((200_000L, Convert.ToHexStringLower(SHA256.HashData(bytes))), (staged.Length, staged.Sha256));
            await staged.CommitAsync(key, CancellationToken.None);
        }

        await using var stored = _storage.OpenRead(key);
        var copy = new MemoryStream();
        await stored!.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, ".staging")));
    }

    [Fact]
    public async Task Uncommitted_and_oversize_uploads_leave_nothing_behind()
    {
        await (await _storage.StageAsync(new MemoryStream(new byte[10]), 10, CancellationToken.None)).DisposeAsync();
        await Assert.ThrowsAsync<DocumentTooLargeException>(() => _storage.StageAsync(new MemoryStream(new byte[11]), 10, CancellationToken.None));

        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("0123456789abcdef0123456789abcdef/../../x")]
    [InlineData("/etc/passwd")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF/0123456789abcdef0123456789abcdef")]
    public async Task Only_keys_the_service_makes_are_accepted(string key)
    {
        Assert.Throws<ArgumentException>(() => _storage.OpenRead(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _storage.DeleteAsync(key, CancellationToken.None));
    }

    [Fact]
    public void A_missing_file_reads_as_null() => Assert.Null(_storage.OpenRead(Key()));
}
