using System.Text.Json;
using FinInfra.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FinInfra.Infrastructure.Persistence;

internal sealed class CurrencyCodeConverter() : ValueConverter<CurrencyCode, string>(c => c.Value, s => new CurrencyCode(s));

/// <summary>Stores enums as lower snake_case text (<c>login_required</c>, <c>depository</c>), as the API spells them.</summary>
public static class SnakeCaseEnumConverter
{
    public static ValueConverter For(Type enumType) =>
        (ValueConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(enumType))!;

    public static string ToSnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private sealed class Converter<T>() : ValueConverter<T, string>(v => Names.ToText[v], s => Names.FromText[s]) where T : struct, Enum
    {
        private static class Names
        {
            public static readonly Dictionary<T, string> ToText = Enum.GetValues<T>().ToDictionary(v => v, v => ToSnakeCase(v.ToString()));
            public static readonly Dictionary<string, T> FromText = ToText.ToDictionary(p => p.Value, p => p.Key);
        }
    }
}

internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Maps a typed property to a JSON column: <c>jsonb</c> on PostgreSQL, text on SQLite. The value is compared by
    /// its serialised form, so in-place changes are detected.
    /// </summary>
    public static PropertyBuilder<T> IsJson<T>(this PropertyBuilder<T> property, Func<T, T>? normalise = null)
    {
        var converter = new ValueConverter<T, string>(
            v => JsonSerializer.Serialize(v, Options),
            s => Normalise(JsonSerializer.Deserialize<T>(s, Options)!, normalise));
        var comparer = new ValueComparer<T>(
            (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
            v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Options), Options)!);
        property.HasConversion(converter, comparer).HasAnnotation(ModelAnnotations.Json, true);
        return property;
    }

    /// <summary>A property that already holds JSON text (a document's extracted data): the same JSON column, no conversion.</summary>
    public static PropertyBuilder<string?> IsJsonText(this PropertyBuilder<string?> property) =>
        property.HasAnnotation(ModelAnnotations.Json, true);

    private static T Normalise<T>(T value, Func<T, T>? normalise) => normalise is null ? value : normalise(value);
}
