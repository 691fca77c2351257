namespace FinInfra.Application.Goals;

/// <summary>
/// Adds to a goal's current amount as one atomic increment in the database, so contributions that arrive at the
/// same moment are all kept (a read-modify-write would let one overwrite another).
/// </summary>
public interface IGoalContributions
{
    /// <summary>Returns false when the goal is not the caller's, is deleted, or does not exist.</summary>
    Task<bool> AddAsync(Guid goalId, decimal amount, CancellationToken cancellationToken);
}
