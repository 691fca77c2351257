using FinInfra.Application.Documents;
using FinInfra.Infrastructure.BackgroundWork;
using FinInfra.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinInfra.Infrastructure.Documents;

/// <summary>Configuration section <c>Documents:Purge</c>. On by default.</summary>
public sealed class DocumentPurgeOptions : IPeriodicWorkOptions
{
    public const string Section = "Documents:Purge";

    public bool Enabled { get; set; } = true;

    /// <summary>How long a deleted document's file and row are kept before they are removed for good.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>How often to look for documents past their retention.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Documents removed per round.</summary>
    public int BatchSize { get; set; } = 200;
}

/// <summary>
/// Removes for good what deleting left behind. A document a user deletes is hidden at once (soft delete) and its file
/// kept for <see cref="DocumentPurgeOptions.RetentionDays"/>; after that this removes the file, then the row. It also
/// sweeps the files of users that no longer exist (their removal runs after the deletion commits; a crash in
/// between would leave them). Idempotent, so several instances may run it at once.
/// </summary>
public sealed partial class DeletedDocumentPurge(
    IServiceScopeFactory scopes,
    IDocumentStorage storage,
    IOptions<DocumentPurgeOptions> options,
    TimeProvider clock,
    ILogger<DeletedDocumentPurge> logger) : PeriodicWork(clock, logger)
{
    private readonly DocumentPurgeOptions _options = options.Value;

    protected override TimeSpan Interval => _options.Interval;

    /// <summary>One round; returns how many documents and former users' folders were removed.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        using var _ = db.Scope.BeginSystemScope();
        var cutoff = Clock.GetUtcNow() - TimeSpan.FromDays(_options.RetentionDays);

        var expired = await db.Documents.IgnoreQueryFilters([QueryFilters.SoftDelete]).AsNoTracking()
            .Where(d => d.DeletedAt != null && d.DeletedAt < cutoff)
            .OrderBy(d => d.DeletedAt).Take(_options.BatchSize)
            .Select(d => new { d.Id, d.FilePath }).ToListAsync(cancellationToken);
        var removed = 0;
        foreach (var document in expired)
        {
            // The file first: a failure here leaves the row, so the next round tries again, and no file outlives its row.
            await storage.DeleteAsync(document.FilePath, cancellationToken);
            removed += await db.Documents.IgnoreQueryFilters([QueryFilters.SoftDelete])
                .Where(d => d.Id == document.Id && d.DeletedAt != null && d.DeletedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        }

        var owners = storage.ListOwners();
        if (owners.Count > 0)
        {
            var existing = new HashSet<Guid>();
            foreach (var chunk in owners.Chunk(500))
                existing.UnionWith(await db.Users.AsNoTracking().Where(u => chunk.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken));
            foreach (var formerUser in owners.Where(o => !existing.Contains(o)))
            {
                await storage.DeleteOwnerAsync(formerUser, cancellationToken);
                removed++;
            }
        }
        if (removed > 0) LogPurged(Logger, removed);
        return removed;
    }

    [LoggerMessage(LogLevel.Information, "Removed {Count} deleted document(s) or former users' folders")]
    private static partial void LogPurged(ILogger logger, int count);
}
