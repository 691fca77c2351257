namespace FinInfra.Application.Documents;

/// <summary>The upload is larger than the configured limit (413).</summary>
public sealed class DocumentTooLargeException(long maxBytes)
    : Exception($"The file is larger than the limit of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
