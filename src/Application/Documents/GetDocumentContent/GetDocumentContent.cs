using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Documents;
using Mediator;

namespace FinInfra.Application.Documents.GetDocumentContent;

public sealed record GetDocumentContentQuery(Guid DocumentId) : IQuery<DocumentContentDto>;

public sealed class GetDocumentContentQueryHandler(IReadRepository<Document> documents, IDocumentStorage storage)
    : IQueryHandler<GetDocumentContentQuery, DocumentContentDto>
{
    /// <summary>A row whose file has gone missing answers 404 like a missing document, never a 500.</summary>
    public async ValueTask<DocumentContentDto> Handle(GetDocumentContentQuery query, CancellationToken cancellationToken)
    {
        var document = await documents.GetOwnedAsync(query.DocumentId, cancellationToken);
        var content = storage.OpenRead(document.FilePath) ?? throw new NotFoundException("Document content", query.DocumentId);
        return new DocumentContentDto(content, document.ContentType, document.Filename, document.SizeBytes);
    }
}
