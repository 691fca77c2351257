using Ardalis.Specification;
using FinInfra.Domain.Goals;

namespace FinInfra.Application.Goals;

/// <summary>A goal as stored right now, bypassing anything the change tracker holds.</summary>
public sealed class GoalByIdUntrackedSpec : Specification<Goal>, ISingleResultSpecification<Goal>
{
    public GoalByIdUntrackedSpec(Guid id) => Query.Where(g => g.Id == id).AsNoTracking();
}
