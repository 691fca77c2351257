using FinInfra.Infrastructure.BackgroundWork;
namespace FinInfra.Infrastructure.Documents.Extraction;

/// <summary>Configuration section <c>Documents:Extraction</c>: the background worker and the limits of its child process.</summary>
public sealed class DocumentExtractionOptions : IPeriodicWorkOptions
{
    public const string Section = "Documents:Extraction";

    /// <summary>Whether this instance runs the worker (several instances may; each document is claimed by one).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often to look for pending documents.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a claim holds; longer than <see cref="Timeout"/>, so a live extraction is never taken over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Documents considered per round.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>Claims after which a document whose extraction never finishes (its worker died) is recorded as failed.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wall-clock limit of one child process; it is killed at this point.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The child's managed heap limit (DOTNET_GCHeapHardLimit); past it the child dies of OutOfMemory.</summary>
    public long MaxMemoryBytes { get; set; } = 512L * 1024 * 1024;

    public int MaxPages { get; set; } = 1_000;

    /// <summary>What all of a PDF's Flate streams may decompress to, together.</summary>
    public long MaxDecompressedBytes { get; set; } = 256L * 1024 * 1024;

    public int MaxTextLength { get; set; } = 500_000;

    /// <summary>
    /// The child's executable and leading arguments; the extraction verb and its arguments follow. Empty means "this
    /// service's own executable" (set by the API host).
    /// </summary>
    public List<string> Command { get; set; } = [];

    public ExtractionLimits ChildLimits => new(MaxPages, MaxDecompressedBytes, MaxTextLength);
}
