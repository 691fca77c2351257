using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Documents;
using Mediator;

namespace FinInfra.Application.Documents.GetDocument;

public sealed record GetDocument(Guid DocumentId) : IQuery<DocumentDto>;

public sealed class GetDocumentHandler(IReadRepository<Document> documents) : IQueryHandler<GetDocument, DocumentDto>
{
    public async ValueTask<DocumentDto> Handle(GetDocument query, CancellationToken cancellationToken) =>
        DocumentDto.From(await documents.GetOwnedAsync(query.DocumentId, cancellationToken));
}
