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

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
