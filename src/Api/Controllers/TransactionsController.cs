using FinInfra.Application.Common.Paging;
using FinInfra.Application.Transactions;
using FinInfra.Application.Transactions.GetTransaction;
using FinInfra.Application.Transactions.ListTransactions;
using FinInfra.Application.Transactions.PairTransactions;
using FinInfra.Application.Transactions.SplitTransactionPair;
using FinInfra.Application.Transactions.UpdateTransaction;
using FinInfra.Domain.Transactions;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.Controllers;

public sealed record UpdateTransactionRequest(
    string? Category = null,
    string? MerchantName = null,
    string? Name = null,
    TransactionKind? Kind = null,
    string? Note = null,
    IReadOnlyList<EditableField>? Reset = null);

public sealed record PairTransactionRequest(Guid CounterpartId);

public sealed class TransactionsController : ApiControllerBase
{
    /// <summary>The caller's transactions, newest first, a page at a time (pass <c>nextCursor</c> back as <c>cursor</c>).</summary>
    [HttpGet]
    public async Task<Page<TransactionDto>> List(
        Guid? accountId = null, DateOnly? from = null, DateOnly? to = null, string? category = null, bool? pending = null, string? search = null,
        int limit = PageLimits.Default, string? cursor = null, CancellationToken cancellationToken = default) =>
        await Sender.Send(new ListTransactionsQuery(new TransactionFilter(accountId, from, to, category, pending, search), limit, cursor), cancellationToken);

    /// <summary>One transaction.</summary>
    [HttpGet("{id:guid}")]
    public async Task<TransactionDto> Get(Guid id, CancellationToken cancellationToken) =>
        await Sender.Send(new GetTransactionQuery(id), cancellationToken);

    /// <summary>
    /// Corrects the name, merchant, category or kind (each locked against later syncs) and sets the note; <c>reset</c>
    /// gives fields back to the bank's values. The amount and date stay as the source reported them.
    /// </summary>
    [HttpPatch("{id:guid}")]
    public async Task<TransactionDto> Update(Guid id, UpdateTransactionRequest request, CancellationToken cancellationToken) =>
        await Sender.Send(new UpdateTransactionCommand(id, request.Category, request.MerchantName, request.Name, request.Kind, request.Note, request.Reset),
            cancellationToken);

    /// <summary>Confirms that this transaction and <c>counterpartId</c> are one transfer (or payment) between the user's own accounts.</summary>
    [HttpPut("{id:guid}/pair")]
    public async Task<TransactionDto> Pair(Guid id, PairTransactionRequest request, CancellationToken cancellationToken) =>
        await Sender.Send(new PairTransactionsCommand(id, request.CounterpartId), cancellationToken);

    /// <summary>Splits this transaction's pair: both halves count again, and are never matched again automatically.</summary>
    [HttpDelete("{id:guid}/pair")]
    public async Task<TransactionDto> Split(Guid id, CancellationToken cancellationToken) =>
        await Sender.Send(new SplitTransactionPairCommand(id), cancellationToken);
}
