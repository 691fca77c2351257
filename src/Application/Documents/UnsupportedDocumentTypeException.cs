namespace FinInfra.Application.Documents;

/// <summary>The content is not one of the accepted types, whatever type the client claimed (415).</summary>
public sealed class UnsupportedDocumentTypeException()
    : Exception("Only PDF, PNG, JPEG, CSV and plain-text files are accepted; the type is read from the content, not the name or claimed type.");
