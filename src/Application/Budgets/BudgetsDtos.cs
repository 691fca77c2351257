using FinInfra.Domain.Budgets;
using Mapster;

namespace FinInfra.Application.Budgets;

public sealed record BudgetDto(
    Guid Id,
    string Name,
    BudgetType Type,
    DateOnly StartDate,
    DateOnly? EndDate,
    IReadOnlyDictionary<string, decimal> Categories,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed class BudgetMappings : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<Budget, BudgetDto>().Map(d => d.Categories, s => new Dictionary<string, decimal>(s.Categories));
}
