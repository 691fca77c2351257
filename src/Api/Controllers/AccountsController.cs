using FinInfra.Api.Idempotency;
using FinInfra.Application.Accounts;
using FinInfra.Application.Accounts.DeleteAccount;
using FinInfra.Application.Accounts.GetAccount;
using FinInfra.Application.Accounts.ListAccounts;
using FinInfra.Application.Accounts.RestoreAccount;
using FinInfra.Application.Accounts.UpdateAccount;
using FinInfra.Application.Common.Paging;
using FinInfra.Application.Transactions.ImportTransactions;
using FinInfra.Domain.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.Controllers;

public sealed record UpdateAccountRequest(string? Name = null, decimal? Balance = null);

public sealed record ImportTransactionsRequest(IReadOnlyList<ImportedTransaction> Transactions);

public sealed class AccountsController : ApiControllerBase
{
    /// <summary>The caller's accounts, optionally of one type, a page at a time.</summary>
    [HttpGet]
    public async Task<Page<AccountDto>> List(AccountType? type = null, int limit = PageLimits.Default, string? cursor = null, CancellationToken cancellationToken = default) =>
        await Sender.Send(new ListAccountsQuery(type, limit, cursor), cancellationToken);

    /// <summary>One account.</summary>
    [HttpGet("{id:guid}")]
    public async Task<AccountDto> Get(Guid id, CancellationToken cancellationToken) =>
        await Sender.Send(new GetAccountQuery(id), cancellationToken);

    /// <summary>Renames the account; sets the balance of a manual account (a linked account's balance is the provider's).</summary>
    [HttpPatch("{id:guid}")]
    public async Task<AccountDto> Update(Guid id, UpdateAccountRequest request, CancellationToken cancellationToken) =>
        await Sender.Send(new UpdateAccountCommand(id, request.Name, request.Balance), cancellationToken);

    /// <summary>Soft-deletes the account; it and its transactions disappear until restored.</summary>
    [HttpDelete("{id:guid}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await Sender.Send(new DeleteAccountCommand(id), cancellationToken);
        return NoContent();
    }

    /// <summary>Restores a soft-deleted account and its transactions.</summary>
    [HttpPost("{id:guid}/restore")]
    public async Task<AccountDto> Restore(Guid id, CancellationToken cancellationToken) =>
        await Sender.Send(new RestoreAccountCommand(id), cancellationToken);

    /// <summary>Imports transactions: idempotent by <c>transactionId</c>, all or nothing.</summary>
    [Idempotent]
    [HttpPost("{id:guid}/transactions")]
    public async Task<ImportResultDto> ImportTransactions(Guid id, ImportTransactionsRequest request, CancellationToken cancellationToken) =>
        await Sender.Send(new ImportTransactionsCommand(id, request.Transactions), cancellationToken);
}
