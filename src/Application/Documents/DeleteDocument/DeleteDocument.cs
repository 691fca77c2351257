using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Documents;
using Mediator;

namespace FinInfra.Application.Documents.DeleteDocument;

/// <summary>Soft delete: the row is hidden and its file kept, so the document can be restored.</summary>
public sealed record DeleteDocumentCommand(Guid Id) : ICommand, IByIdRequest, ITransactional;

public sealed class DeleteDocumentCommandHandler(IRepository<Document> documents) : SoftDeleteHandler<DeleteDocumentCommand, Document>(documents);
