using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Accounts;
using Mediator;

namespace FinInfra.Application.Accounts.DeleteAccount;

/// <summary>Soft-deletes an account; its transactions disappear from every list and total with it.</summary>
public sealed record DeleteAccountCommand(Guid Id) : ICommand, IByIdRequest, ITransactional;

public sealed class DeleteAccountCommandHandler(IRepository<Account> accounts) : SoftDeleteHandler<DeleteAccountCommand, Account>(accounts);
