using Ardalis.Specification;
using FinInfra.Domain.Documents;

namespace FinInfra.Application.Documents;

/// <summary>One page of the current user's documents, newest first (ties broken by id so pages never overlap).</summary>
public sealed class DocumentsNewestFirstSpec : Specification<Document>
{
    public DocumentsNewestFirstSpec(int skip, int take) =>
        Query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Skip(skip).Take(take);
}
