using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Accounts;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Accounts.RestoreAccount;

public sealed record RestoreAccountCommand(Guid Id) : ICommand<AccountDto>, IByIdRequest, ITransactional;

public sealed class RestoreAccountCommandHandler(IRepository<Account> accounts, IMapper mapper)
    : RestoreHandler<RestoreAccountCommand, Account, AccountDto>(accounts, mapper);
