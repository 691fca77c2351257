using System.Text.Json;

namespace FinInfra.Application.Documents;

/// <summary>Exactly one of <see cref="Data"/> (what was extracted, e.g. <c>{"text": …}</c>) and <see cref="Failure"/> (why not, safe to show the owner).</summary>
public sealed record DocumentExtractionResult
{
    private DocumentExtractionResult(IReadOnlyDictionary<string, JsonElement>? data, string? failure) => (Data, Failure) = (data, failure);

    public IReadOnlyDictionary<string, JsonElement>? Data { get; }

    public string? Failure { get; }

    public static DocumentExtractionResult Extracted(IReadOnlyDictionary<string, JsonElement> data) => new(data, null);

    public static DocumentExtractionResult Failed(string reason) => new(null, reason);
}
