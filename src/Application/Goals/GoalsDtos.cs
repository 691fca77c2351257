using FinInfra.Domain.Goals;
using Mapster;

namespace FinInfra.Application.Goals;

public sealed record GoalDto(
    Guid Id,
    string Name,
    decimal TargetAmount,
    decimal CurrentAmount,
    DateOnly TargetDate,
    GoalPriority Priority,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed class GoalMappings : IRegister
{
    public void Register(TypeAdapterConfig config) => config.NewConfig<Goal, GoalDto>();
}
