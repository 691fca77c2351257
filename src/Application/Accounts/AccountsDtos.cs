using FinInfra.Domain.Accounts;
using Mapster;

namespace FinInfra.Application.Accounts;

public sealed record AccountDto(
    Guid Id,
    Guid ConnectionId,
    string AccountId,
    string Name,
    AccountType Type,
    string Subtype,
    decimal Balance,
    string Currency,
    AccountClassification Classification,
    bool IsManual,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    // When its bank stopped reporting it (null while open): a closed account keeps its history but is not in today's net worth.
    DateTimeOffset? ClosedAt);

internal sealed class AccountMappings : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<Account, AccountDto>().Map(d => d.Currency, s => s.Currency.Value);
}
