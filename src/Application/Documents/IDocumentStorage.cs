namespace FinInfra.Application.Documents;

/// <summary>
/// Where document bytes live. Keys are chosen by the server, never derived from a client's file name. An upload is
/// first staged (streamed to a temporary place while its size and SHA-256 are computed), checked, and only then
/// committed under its key, so a refused upload leaves nothing behind.
/// </summary>
public interface IDocumentStorage
{
    /// <summary>Streams <paramref name="content"/> to a staging area; throws <see cref="DocumentTooLargeException"/> past <paramref name="maxBytes"/>.</summary>
    Task<IStagedDocument> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>The stored bytes, or null when no file is stored under <paramref name="key"/>.</summary>
    Stream? OpenRead(string key);

    /// <summary>Removes the file under <paramref name="key"/>; a key with no file is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes every file stored for one owner (a user); an owner with no files is not an error.</summary>
    Task DeleteOwnerAsync(Guid ownerId, CancellationToken cancellationToken);

    /// <summary>The owners that have files stored, for the sweep that removes what a deleted user left behind.</summary>
    IReadOnlyList<Guid> ListOwners();
}

/// <summary>An upload held in staging; disposing it without <see cref="CommitAsync"/> discards it.</summary>
public interface IStagedDocument : IAsyncDisposable
{
    long Length { get; }

    /// <summary>Lower-case hex SHA-256 of the content, computed while it streamed in.</summary>
    string Sha256 { get; }

    /// <summary>A fresh read of the staged bytes from the start.</summary>
    Stream OpenRead();

    /// <summary>Moves the staged bytes to <paramref name="key"/>.</summary>
    Task CommitAsync(string key, CancellationToken cancellationToken);
}

/// <summary>Upload limits, from configuration (Documents:MaxSizeBytes, default 25 MB).</summary>
public sealed record DocumentLimits(long MaxSizeBytes)
{
    public const long DefaultMaxSizeBytes = 25L * 1024 * 1024;
}

/// <summary>The upload is larger than the configured limit (413).</summary>
public sealed class DocumentTooLargeException(long maxBytes)
    : Exception($"The file is larger than the limit of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>The content is not one of the accepted types, whatever type the client claimed (415).</summary>
public sealed class UnsupportedDocumentTypeException()
    : Exception("Only PDF, PNG, JPEG, CSV and plain-text files are accepted; the type is read from the content, not the name or claimed type.");
