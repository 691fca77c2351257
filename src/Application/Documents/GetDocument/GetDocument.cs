using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Documents;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Documents.GetDocument;

public sealed record GetDocumentQuery(Guid DocumentId) : IQuery<DocumentDto>;

public sealed class GetDocumentQueryHandler(IReadRepository<Document> documents, IMapper mapper) : IQueryHandler<GetDocumentQuery, DocumentDto>
{
    public async ValueTask<DocumentDto> Handle(GetDocumentQuery query, CancellationToken cancellationToken) =>
        mapper.Map<DocumentDto>(await documents.GetOwnedAsync(query.DocumentId, cancellationToken));
}
