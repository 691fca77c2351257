namespace FinInfra.Application.Documents;

/// <summary>Upload limits, from configuration (Documents:MaxSizeBytes, default 25 MB).</summary>
public sealed record DocumentLimits(long MaxSizeBytes)
{
    public const long DefaultMaxSizeBytes = 25L * 1024 * 1024;
}
