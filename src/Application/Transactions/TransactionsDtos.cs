using FinInfra.Domain.Transactions;
using Mapster;

namespace FinInfra.Application.Transactions;

public sealed record TransactionDto(
    Guid Id,
    Guid AccountId,
    string TransactionId,
    decimal Amount,
    DateOnly Date,
    string Name,
    string? MerchantName,
    string? Category,
    bool Pending,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed class TransactionMappings : IRegister
{
    public void Register(TypeAdapterConfig config) => config.NewConfig<Transaction, TransactionDto>();
}
