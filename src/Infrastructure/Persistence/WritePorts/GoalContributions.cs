using FinInfra.Application.Goals;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence.WritePorts;

/// <summary>
/// <c>UPDATE goals SET current_amount = current_amount + @amount …</c>: the database serialises concurrent
/// increments of one row, so none is lost. The ownership and soft-delete filters apply to the update as to any
/// query. The auditing interceptor does not see bulk updates, so the version and updated_at are set here.
/// </summary>
public sealed class GoalContributions(AppDbContext db, TimeProvider clock) : IGoalContributions
{
    public async Task<bool> AddAsync(Guid goalId, decimal amount, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var updated = await db.Goals
            .Where(g => g.Id == goalId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(g => g.CurrentAmount, g => g.CurrentAmount + amount)
                .SetProperty(g => g.Version, g => g.Version + 1)
                .SetProperty(g => g.UpdatedAt, now), cancellationToken);
        return updated == 1;
    }
}
