using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Documents;
using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace FinInfra.Application.Documents.UploadDocument;

/// <summary>
/// Stores an uploaded file. <paramref name="Filename"/> is the client's name, kept only as a sanitised display name.
/// Not <see cref="ITransactional"/>: an upload must not hold a transaction (on SQLite, the write lock) open while its
/// body streams in. Its single insert is atomic on its own.
/// </summary>
public sealed record UploadDocument(Stream Content, string? Filename, string? DocumentType) : ICommand<DocumentDto>;

internal sealed class UploadDocumentValidator : AbstractValidator<UploadDocument>
{
    public UploadDocumentValidator() =>
        RuleFor(c => c.DocumentType).Must(Document.IsValidType)
            .WithMessage("Document type must be 1–50 characters: letters, digits, '-' or '_' (for example w2, 1099, receipt).");
}

/// <summary>
/// Stage (size and SHA-256 while streaming) → check the bytes → commit the file under a key the server chooses →
/// insert the row, <c>pending</c> extraction when an extractor reads its type (a background worker extracts it later,
/// never in this process). The file is written before the row, and removed again when the row
/// cannot be written, so there is neither an orphan file nor a row without its file.
/// </summary>
public sealed class UploadDocumentHandler(
    IRepository<Document> documents, IUnitOfWork unitOfWork, IDocumentStorage storage, IDocumentExtractor extractor, DocumentLimits limits,
    ICurrentUser currentUser)
    : ICommandHandler<UploadDocument, DocumentDto>
{
    public async ValueTask<DocumentDto> Handle(UploadDocument command, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequiredUserId;
        await using var staged = await storage.StageAsync(command.Content, limits.MaxSizeBytes, cancellationToken);
        if (staged.Length == 0) throw new ValidationException([new ValidationFailure("file", "The file is empty.")]);

        var filename = Document.SanitiseFilename(command.Filename);
        var contentType = await DocumentContentTypes.DetectAsync(staged.OpenRead, filename, cancellationToken)
            ?? throw new UnsupportedDocumentTypeException();

        var key = $"{userId:N}/{Guid.CreateVersion7():N}";
        var document = Document.Create(userId, filename, command.DocumentType!, key, contentType, staged.Length, staged.Sha256,
            extractable: extractor.Supports(contentType));

        await staged.CommitAsync(key, cancellationToken);
        try
        {
            documents.Add(document);
            // Flushed here rather than by the pipeline: the file just stored must be removed again if its row cannot be written.
            await unitOfWork.FlushAsync(cancellationToken);
        }
        catch
        {
            await storage.DeleteAsync(key, CancellationToken.None);
            throw;
        }
        return DocumentDto.From(document);
    }
}
