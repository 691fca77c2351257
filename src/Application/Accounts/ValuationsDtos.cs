using FinInfra.Domain.Accounts;
using Mapster;

namespace FinInfra.Application.Accounts;

/// <summary>A manual account's value at the end of <see cref="Date"/>, in the account's currency.</summary>
public sealed record ValuationDto(Guid Id, Guid AccountId, DateOnly Date, decimal Value, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One day of an account's stored balance history.</summary>
public sealed record BalanceDayDto(DateOnly Date, decimal Opening, decimal Inflow, decimal Outflow, decimal Closing, string Currency);

internal sealed class ValuationMappings : IRegister
{
    public void Register(TypeAdapterConfig config) => config.NewConfig<AccountValuation, ValuationDto>();
}
