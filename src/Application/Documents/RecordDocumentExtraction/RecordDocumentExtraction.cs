using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Documents;
using Mediator;

namespace FinInfra.Application.Documents.RecordDocumentExtraction;

/// <summary>
/// Stores what the background extraction worker found for one document, acting as its owner. Returns false when the
/// document no longer waits for it (the owner replaced its data, or deleted it).
/// </summary>
public sealed record RecordDocumentExtractionCommand(Guid DocumentId, DocumentExtractionResult Result) : ICommand<bool>, ITransactional;

public sealed class RecordDocumentExtractionCommandHandler(IRepository<Document> documents) : ICommandHandler<RecordDocumentExtractionCommand, bool>
{
    public async ValueTask<bool> Handle(RecordDocumentExtractionCommand command, CancellationToken cancellationToken)
    {
        var document = await documents.FirstOrDefaultAsync(new EntityByIdSpec<Document>(command.DocumentId, includeDeleted: false), cancellationToken);
        if (document is null) return false;
        var recorded = command.Result.Data is { } data ? document.RecordExtraction(ExtractedDataJson.Write(data)!) : document.RecordExtractionFailure(command.Result.Failure!);
        if (recorded) documents.Update(document);
        return recorded;
    }
}
