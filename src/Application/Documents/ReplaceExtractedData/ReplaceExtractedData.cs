using System.Text.Json;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Persistence;
using FinInfra.Domain.Documents;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Documents.ReplaceExtractedData;

/// <summary>Replaces a document's extracted data as a whole (null clears it).</summary>
public sealed record ReplaceExtractedDataCommand(Guid DocumentId, IReadOnlyDictionary<string, JsonElement>? Data) : ICommand<DocumentDto>, ITransactional;

internal sealed class ReplaceExtractedDataCommandValidator : AbstractValidator<ReplaceExtractedDataCommand>
{
    public const int MaxJsonLength = 1_000_000;

    public ReplaceExtractedDataCommandValidator()
    {
        RuleFor(c => c.Data)
            .Must(data => JsonSerializer.Serialize(data).Length <= MaxJsonLength)
            .When(c => c.Data is not null)
            .WithMessage($"Extracted data can be at most {MaxJsonLength} characters of JSON.");
        // PostgreSQL's jsonb cannot store U+0000 anywhere (it would fail the write with a server error), and no
        // document's data needs it, so it is refused on every engine alike.
        RuleFor(c => c.Data)
            .Must(data => !data!.Any(p => p.Key.Contains('\0') || HasNul(p.Value)))
            .When(c => c.Data is not null)
            .WithMessage("Extracted data cannot contain the NUL character (\\u0000).");
    }

    private static bool HasNul(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!.Contains('\0'),
        JsonValueKind.Array => element.EnumerateArray().Any(HasNul),
        JsonValueKind.Object => element.EnumerateObject().Any(p => p.Name.Contains('\0') || HasNul(p.Value)),
        _ => false,
    };
}

public sealed class ReplaceExtractedDataCommandHandler(IRepository<Document> documents, IMapper mapper) : ICommandHandler<ReplaceExtractedDataCommand, DocumentDto>
{
    public async ValueTask<DocumentDto> Handle(ReplaceExtractedDataCommand command, CancellationToken cancellationToken)
    {
        var document = await documents.GetOwnedAsync(command.DocumentId, cancellationToken);
        document.ReplaceExtractedData(ExtractedDataJson.Write(command.Data));
        documents.Update(document);
        return mapper.Map<DocumentDto>(document);
    }
}
