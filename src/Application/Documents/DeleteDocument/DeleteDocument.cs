using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Documents;
using Mediator;

namespace FinInfra.Application.Documents.DeleteDocument;

/// <summary>Soft delete: the row is hidden and its file kept, so the document can be restored.</summary>
public sealed record DeleteDocument(Guid DocumentId) : ICommand;

public sealed class DeleteDocumentHandler(IRepository<Document> documents, TimeProvider clock) : ICommandHandler<DeleteDocument>
{
    public async ValueTask<Unit> Handle(DeleteDocument command, CancellationToken cancellationToken)
    {
        var document = await documents.GetByIdAsync(command.DocumentId, cancellationToken) ?? throw new NotFoundException("Document", command.DocumentId);
        document.MarkDeleted(clock.GetUtcNow());
        await documents.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
