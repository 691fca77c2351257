namespace FinInfra.Application.Common.Quotas;

/// <summary>
/// Configuration section <c>Limits:PerUser</c>: what one account may hold, so one user cannot fill the disk or the
/// tables for everyone. Checked before anything is stored; past a limit the request is a 409 (rule
/// <c>quota.*</c>) and nothing changes.
/// </summary>
public sealed class UserQuotas
{
    public const string Section = "Limits:PerUser";

    /// <summary>Bank connections that are not disconnected (manual ones included).</summary>
    public int MaxConnections { get; set; } = 25;

    /// <summary>Documents, soft-deleted ones included: their files stay on disk.</summary>
    public int MaxDocuments { get; set; } = 1_000;

    /// <summary>Bytes of all the user's document files, soft-deleted ones included.</summary>
    public long MaxStoredBytes { get; set; } = 1L << 30;
}

/// <summary>What the current user holds, for the quota checks.</summary>
public interface IUserUsage
{
    Task<int> ConnectionsInUseAsync(CancellationToken cancellationToken);

    /// <summary>Count and total size of the user's documents, soft-deleted ones included.</summary>
    Task<(int Count, long Bytes)> DocumentsAsync(CancellationToken cancellationToken);
}

/// <summary>The user already holds as much of something as the configured limit allows (409, nothing stored).</summary>
public sealed class QuotaExceededException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}
