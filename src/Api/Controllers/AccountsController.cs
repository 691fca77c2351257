using FinInfra.Api.Idempotency;
using FinInfra.Application.Accounts;
using FinInfra.Application.Accounts.DeleteAccount;
using FinInfra.Application.Accounts.GetAccount;
using FinInfra.Application.Accounts.GetBalanceHistory;
using FinInfra.Application.Accounts.ListValuations;
using FinInfra.Application.Accounts.RecordValuation;
using FinInfra.Application.Accounts.ListAccounts;
using FinInfra.Application.Accounts.RestoreAccount;
using FinInfra.Application.Accounts.UpdateAccount;
using FinInfra.Application.Common.Paging;
using FinInfra.Application.Transactions.ImportTransactionFile;
using FinInfra.Application.Transactions.ImportTransactions;
using Microsoft.Net.Http.Headers;
using FinInfra.Domain.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.Controllers;

public sealed record UpdateAccountRequest(string? Name = null, decimal? Balance = null);

public sealed record ValuationRequest(DateOnly Date, decimal Value);

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

    /// <summary>Records what a manual account was worth at the end of a day: 201 for a new day, 200 when it replaced that day's value.</summary>
    [Idempotent]
    [HttpPost("{id:guid}/valuations")]
    [ProducesResponseType<ValuationDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValuationDto>(StatusCodes.Status200OK)]
    public async Task<IActionResult> RecordValuation(Guid id, ValuationRequest request, CancellationToken cancellationToken)
    {
        var (valuation, created) = await Sender.Send(new RecordValuationCommand(id, request.Date, request.Value), cancellationToken);
        return created ? Created($"/api/v1/accounts/{id}/valuations", valuation) : Ok(valuation);
    }

    /// <summary>The account's valuations, oldest first.</summary>
    [HttpGet("{id:guid}/valuations")]
    public async Task<IReadOnlyList<ValuationDto>> Valuations(Guid id, CancellationToken cancellationToken) =>
        await Sender.Send(new ListValuationsQuery(id), cancellationToken);

    /// <summary>The account's stored daily balances in [from, to] (default: the last year), oldest first.</summary>
    [HttpGet("{id:guid}/balances")]
    public async Task<IReadOnlyList<BalanceDayDto>> Balances(Guid id, [FromQuery] DateOnly? from, [FromQuery] DateOnly? to, CancellationToken cancellationToken) =>
        await Sender.Send(new GetBalanceHistoryQuery(id, from, to), cancellationToken);

    /// <summary>Imports transactions: idempotent by <c>transactionId</c>, all or nothing.</summary>
    [Idempotent]
    [HttpPost("{id:guid}/transactions")]
    public async Task<ImportResultDto> ImportTransactions(Guid id, ImportTransactionsRequest request, CancellationToken cancellationToken) =>
        await Sender.Send(new ImportTransactionsCommand(id, request.Transactions), cancellationToken);

    /// <summary>
    /// Imports a whole file in one request, read as it arrives: NDJSON (<c>application/x-ndjson</c>, one transaction object
    /// a line) or CSV (<c>text/csv</c>, a header row). Idempotent by <c>transactionId</c>; at most
    /// 250,000 rows and 100 MB. All or nothing (a bad line is a 400 naming it) unless
    /// <c>skipInvalid=true</c>: then bad lines are left out and listed in <c>rejected</c>.
    /// </summary>
    [HttpPost("{id:guid}/transactions/import")]
    [Consumes(NdjsonMediaType, CsvMediaType)]
    [RequestSizeLimit(TransactionFileLimits.MaxBytes)]
    [ProducesResponseType<ImportFileResultDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    public async Task<ImportFileResultDto> ImportTransactionFile(Guid id, bool skipInvalid = false, CancellationToken cancellationToken = default)
    {
        // No body parameter: the body is read here as a stream, never buffered whole.
        var format = MediaTypeHeaderValue.TryParse(Request.ContentType, out var type) && type.MediaType.Equals(CsvMediaType, StringComparison.OrdinalIgnoreCase)
            ? ImportFileFormat.Csv
            : ImportFileFormat.Ndjson;
        return await Sender.Send(new ImportTransactionFileCommand(id, Request.Body, format, skipInvalid), cancellationToken);
    }

    public const string NdjsonMediaType = "application/x-ndjson";
    public const string CsvMediaType = "text/csv";
}
