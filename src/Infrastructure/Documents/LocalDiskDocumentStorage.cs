using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FinInfra.Application.Documents;

namespace FinInfra.Infrastructure.Documents;

/// <summary>
/// Documents on local disk under one root (Documents:StorageRoot, default ./storage/documents). Uploads stream into
/// {root}/.staging and are hashed on the way; committing moves them to {root}/{key}. Keys are server-made
/// ("{userId:N}/{id:N}"), checked against a strict pattern and against escaping the root, so no client text ever
/// becomes part of a path.
/// </summary>
internal sealed partial class LocalDiskDocumentStorage : IDocumentStorage
{
    private const int BufferSize = 81920;
    private readonly string _root;
    private readonly string _staging;

    public LocalDiskDocumentStorage(DocumentStorageSettings settings)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(settings.StorageRoot));
        _staging = Path.Combine(_root, ".staging");
    }

    public async Task<IStagedDocument> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_staging);
        var path = Path.Combine(_staging, $"{Guid.NewGuid():N}.upload");
        var staged = new StagedFile(this, path);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                var buffer = new byte[BufferSize];
                long length = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    length += read;
                    if (length > maxBytes) throw new DocumentTooLargeException(maxBytes);
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                staged.Length = length;
            }
            staged.Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            return staged;
        }
        catch
        {
            await staged.DisposeAsync();
            throw;
        }
    }

    public Stream? OpenRead(string key)
    {
        try
        {
            return new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(PathOf(key));
        }
        catch (DirectoryNotFoundException)
        {
            // The owner's folder is gone already: so is the file.
        }
        return Task.CompletedTask;
    }

    public Task DeleteOwnerAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_root, ownerId.ToString("N"));
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing stored for this owner.
        }
        return Task.CompletedTask;
    }

    public IReadOnlyList<Guid> ListOwners() =>
        Directory.Exists(_root)
            ? [.. Directory.EnumerateDirectories(_root).Select(Path.GetFileName).Where(name => name is { Length: 32 } && OwnerPattern().IsMatch(name)).Select(name => Guid.ParseExact(name!, "N"))]
            : [];

    private string PathOf(string key)
    {
        if (!KeyPattern().IsMatch(key)) throw new ArgumentException("Not a storage key made by this service.", nameof(key));
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException("A storage key cannot leave the storage root.", nameof(key));
        return path;
    }

    [GeneratedRegex("^[0-9a-f]{32}/[0-9a-f]{32}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex OwnerPattern();

    private sealed class StagedFile(LocalDiskDocumentStorage storage, string path) : IStagedDocument
    {
        private bool _committed;

        public long Length { get; set; }
        public string Sha256 { get; set; } = "";

        public Stream OpenRead() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);

        public Task CommitAsync(string key, CancellationToken cancellationToken)
        {
            var target = storage.PathOf(key);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(path, target, overwrite: false);
            _committed = true;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            if (!_committed) File.Delete(path);
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Where <see cref="LocalDiskDocumentStorage"/> keeps files.</summary>
public sealed record DocumentStorageSettings(string StorageRoot)
{
    public const string DefaultRoot = "./storage/documents";
}
