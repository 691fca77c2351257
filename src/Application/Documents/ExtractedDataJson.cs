using System.Text.Json;

namespace FinInfra.Application.Documents;

/// <summary>
/// The one conversion between a document's extracted data as the API and the extractor see it (a JSON object:
/// property name → JSON value) and as the domain keeps it (the object's text). Written compactly, in the order given.
/// </summary>
public static class ExtractedDataJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string? Write(IReadOnlyDictionary<string, JsonElement>? data) => data is null ? null : JsonSerializer.Serialize(data, Options);

    public static IReadOnlyDictionary<string, JsonElement>? Read(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json, Options);
}
