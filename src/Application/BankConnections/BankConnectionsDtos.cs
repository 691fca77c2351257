using FinInfra.Domain.BankConnections;
using Mapster;

namespace FinInfra.Application.BankConnections;

/// <summary>A bank connection as clients see it: never the access token.</summary>
public sealed record BankConnectionDto(
    Guid Id,
    BankProvider Provider,
    string ItemId,
    string InstitutionName,
    ConnectionStatus Status,
    DateTimeOffset? LastSyncedAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed class BankConnectionMappings : IRegister
{
    public void Register(TypeAdapterConfig config) => config.NewConfig<BankConnection, BankConnectionDto>();
}
