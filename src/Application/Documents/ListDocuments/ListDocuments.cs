using System.Globalization;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Documents;
using FluentValidation;
using Mediator;

namespace FinInfra.Application.Documents.ListDocuments;

/// <summary>The current user's documents as summaries (no extracted data), newest first. <paramref name="Cursor"/> is the <c>nextCursor</c> of the previous page.</summary>
public sealed record ListDocumentsQuery(int Limit = ListDocumentsQuery.DefaultLimit, string? Cursor = null) : IQuery<DocumentPageDto>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The cursor is the count of documents already listed (documents are few per user; see docs/api.md).</summary>
    internal static bool TryReadCursor(string? cursor, out int skip)
    {
        skip = 0;
        return cursor is null || (int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out skip) && skip >= 0);
    }
}

internal sealed class ListDocumentsQueryValidator : AbstractValidator<ListDocumentsQuery>
{
    public ListDocumentsQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListDocumentsQuery.MaxLimit);
        RuleFor(q => q.Cursor).Must(c => ListDocumentsQuery.TryReadCursor(c, out _)).WithMessage("The cursor is not valid.");
    }
}

public sealed class ListDocumentsQueryHandler(IReadRepository<Document> documents) : IQueryHandler<ListDocumentsQuery, DocumentPageDto>
{
    public async ValueTask<DocumentPageDto> Handle(ListDocumentsQuery query, CancellationToken cancellationToken)
    {
        ListDocumentsQuery.TryReadCursor(query.Cursor, out var skip);
        var page = await documents.ListAsync(new DocumentsNewestFirstSpec(skip, query.Limit + 1), cancellationToken);
        var more = page.Count > query.Limit;
        return new DocumentPageDto(
            [.. page.Take(query.Limit)],
            more ? (skip + query.Limit).ToString(CultureInfo.InvariantCulture) : null);
    }
}
