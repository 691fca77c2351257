using FinInfra.Application.Common.Quotas;
using FinInfra.Domain.BankConnections;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence.ReadModels;

/// <summary>The current user's usage, under the owner filter (soft-deleted documents counted: their files remain).</summary>
internal sealed class UserUsage(AppDbContext db) : IUserUsage
{
    public Task<int> ConnectionsInUseAsync(CancellationToken cancellationToken) =>
        db.BankConnections.CountAsync(c => c.Status != ConnectionStatus.Disconnected, cancellationToken);

    public async Task<(int Count, long Bytes)> DocumentsAsync(CancellationToken cancellationToken)
    {
        var usage = await db.Documents.IgnoreQueryFilters([QueryFilters.SoftDelete])
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Bytes = g.Sum(d => d.SizeBytes) })
            .FirstOrDefaultAsync(cancellationToken);
        return usage is null ? (0, 0) : (usage.Count, usage.Bytes);
    }
}
