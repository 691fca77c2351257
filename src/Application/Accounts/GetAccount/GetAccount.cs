using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Accounts;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Accounts.GetAccount;

public sealed record GetAccountQuery(Guid Id) : IQuery<AccountDto>, IByIdRequest;

public sealed class GetAccountQueryHandler(IReadRepository<Account> accounts, IMapper mapper)
    : GetByIdHandler<GetAccountQuery, Account, AccountDto>(accounts, mapper);
