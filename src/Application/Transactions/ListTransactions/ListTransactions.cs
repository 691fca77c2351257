using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Paging;
using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Transactions;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.Transactions.ListTransactions;

public sealed record ListTransactionsQuery(TransactionFilter Filter, int Limit = PageLimits.Default, string? Cursor = null) : IQuery<Page<TransactionDto>>;

public sealed class ListTransactionsQueryHandler(IReadRepository<Transaction> transactions)
    : IQueryHandler<ListTransactionsQuery, Page<TransactionDto>>
{
    public async ValueTask<Page<TransactionDto>> Handle(ListTransactionsQuery query, CancellationToken cancellationToken)
    {
        (DateOnly, Guid)? after = query.Cursor is not null && Cursors.TryReadDateAndId(query.Cursor, out var date, out var id) ? (date, id) : null;
        var rows = await transactions.ListAsync(new TransactionsByFilterSpec(query.Filter, after, query.Limit), cancellationToken);
        return PageLimits.ToPage(rows, query.Limit, t => Cursors.ForDateAndId(t.Date, t.Id));
    }
}

internal sealed class ListTransactionsQueryValidator : AbstractValidator<ListTransactionsQuery>
{
    public ListTransactionsQueryValidator()
    {
        RuleFor(q => q.Limit).PageLimit();
        RuleFor(q => q.Cursor).DateAndIdCursor();
        // A filter: either end may stay open, and no span limit (the list is paged).
        RuleFor(q => q).ValidDateRange(q => DateRange.IfBoth(q.Filter.From, q.Filter.To), bounded: false);
        RuleFor(q => q.Filter.Category).Text().OverridePropertyName("category");
        RuleFor(q => q.Filter.Search).Text().OverridePropertyName("search");
    }
}
