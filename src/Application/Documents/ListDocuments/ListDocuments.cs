using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Paging;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.Documents;
using Mediator;

namespace FinInfra.Application.Documents.ListDocuments;

/// <summary>
/// The current user's documents as summaries (no extracted data), newest first, a page at a time like every other list:
/// keyset paging by id (<see cref="Cursors.ForId"/>), <see cref="Page{T}"/>, <see cref="PageLimits"/>.
/// <paramref name="Cursor"/> is the <c>nextCursor</c> of the previous page.
/// </summary>
public sealed record ListDocumentsQuery(int Limit = PageLimits.Default, string? Cursor = null) : IQuery<Page<DocumentSummaryDto>>, IPageRequest;

internal sealed class ListDocumentsQueryValidator : PageRequestValidator<ListDocumentsQuery>;

public sealed class ListDocumentsQueryHandler(IReadRepository<Document> documents) : IQueryHandler<ListDocumentsQuery, Page<DocumentSummaryDto>>
{
    public async ValueTask<Page<DocumentSummaryDto>> Handle(ListDocumentsQuery query, CancellationToken cancellationToken)
    {
        var rows = await documents.ListAsync(new DocumentsNewestFirstSpec(Cursors.IdOrNull(query.Cursor), query.Limit), cancellationToken);
        return PageLimits.ToPage(rows, query.Limit, d => Cursors.ForId(d.Id));
    }
}
