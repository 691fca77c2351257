namespace FinInfra.Application.Documents;

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
