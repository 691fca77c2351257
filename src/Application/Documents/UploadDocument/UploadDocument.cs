using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Quotas;
using FinInfra.Domain.Documents;
using FluentValidation;
using FluentValidation.Results;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Documents.UploadDocument;

/// <summary>
/// Stores an uploaded file. <paramref name="Filename"/> is the client's name, kept only as a sanitised display name.
/// Not <see cref="ITransactional"/>: an upload must not hold a transaction (on SQLite, the write lock) open while its
/// body streams in. Its single insert is atomic on its own.
/// </summary>
public sealed record UploadDocumentCommand(Stream Content, string? Filename, string? DocumentType) : ICommand<DocumentDto>;

internal sealed class UploadDocumentCommandValidator : AbstractValidator<UploadDocumentCommand>
{
    public UploadDocumentCommandValidator() =>
        RuleFor(c => c.DocumentType).Must(Document.IsValidType).WithMessage(Document.TypeRuleMessage);
}

/// <summary>
/// Stage (size and SHA-256 while streaming) → check the bytes → commit the file under a key the server chooses →
/// insert the row, <c>pending</c> extraction when an extractor reads its type (a background worker extracts it later,
/// never in this process). The file is written before the row, and removed again when the row
/// cannot be written, so there is neither an orphan file nor a row without its file.
/// </summary>
public sealed class UploadDocumentCommandHandler(
    IRepository<Document> documents, IUnitOfWork unitOfWork, IDocumentStorage storage, IDocumentExtractor extractor, DocumentLimits limits,
    ICurrentUser currentUser, IMapper mapper, IUserUsage usage, UserQuotas quotas)
    : ICommandHandler<UploadDocumentCommand, DocumentDto>
{
    public async ValueTask<DocumentDto> Handle(UploadDocumentCommand command, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequiredUserId;
        var (count, bytes) = await usage.DocumentsAsync(cancellationToken);
        if (count >= quotas.MaxDocuments)
            throw new QuotaExceededException("quota.documents", $"An account can hold at most {quotas.MaxDocuments} documents.");
        // The stage never streams past what the account has left (nor past the per-file limit), and a refused stage is
        // discarded: nothing over either limit stays on disk.
        var room = Math.Max(quotas.MaxStoredBytes - bytes, 0);
        var quotaBinds = room < limits.MaxSizeBytes;
        IStagedDocument stagedUpload;
        try
        {
            stagedUpload = await storage.StageAsync(command.Content, quotaBinds ? room : limits.MaxSizeBytes, cancellationToken);
        }
        catch (DocumentTooLargeException) when (quotaBinds)
        {
            throw new QuotaExceededException("quota.stored_bytes",
                $"An account can store at most {quotas.MaxStoredBytes} bytes of documents; this file does not fit in the {room} bytes left.");
        }
        await using var staged = stagedUpload;
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
        return mapper.Map<DocumentDto>(document);
    }
}
