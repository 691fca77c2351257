using FinInfra.Application.Common.Paging;
using FinInfra.Application.Transactions;
using FinInfra.Application.Transactions.GetTransaction;
using FinInfra.Application.Transactions.ListTransactions;
using FinInfra.Application.Transactions.UpdateTransaction;
using Microsoft.AspNetCore.Mvc;

namespace FinInfra.Api.Controllers;

public sealed record UpdateTransactionRequest(string? Category = null, string? MerchantName = null, string? Name = null);

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

    /// <summary>Corrects the name, merchant or category; the amount and date stay as the source reported them.</summary>
    [HttpPatch("{id:guid}")]
    public async Task<TransactionDto> Update(Guid id, UpdateTransactionRequest request, CancellationToken cancellationToken) =>
        await Sender.Send(new UpdateTransactionCommand(id, request.Category, request.MerchantName, request.Name), cancellationToken);
}
