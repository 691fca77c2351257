using System.Reflection;

namespace FinInfra.Architecture.Tests;

/// <summary>
/// Each rule is stated once (ADR 0011): no message or limit is copied from one type into another. The agreement of each
/// validator with its aggregate is tested in Application.Tests/Validation; this keeps copies from coming back.
/// </summary>
public sealed class RulesStatedOnceTests
{
    private static readonly Assembly[] Inner =
    [
        typeof(FinInfra.Domain.Common.Entity).Assembly,
        typeof(FinInfra.Application.DependencyInjection).Assembly,
    ];

    private static IEnumerable<FieldInfo> StaticFields => Inner.SelectMany(a => a.GetTypes())
        .Where(t => !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(f => f.IsLiteral || f.IsInitOnly);

    [Fact]
    public void No_message_is_declared_twice()
    {
        // A message is a sentence: a constant with a space in it, long enough not to be a key or a format.
        var copies = StaticFields
            .Where(f => f.FieldType == typeof(string))
            .Select(f => (Field: $"{f.DeclaringType!.FullName}.{f.Name}", Text: (string?)f.GetValue(null)))
            .Where(f => f.Text is { Length: > 20 } text && text.Contains(' '))
            .GroupBy(f => f.Text, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" = ", g.Select(f => f.Field)))
            .ToList();
        Assert.True(copies.Count == 0, "Stated twice: " + string.Join("; ", copies));
    }

    [Fact]
    public void The_date_range_bound_is_declared_once()
    {
        var declaring = StaticFields.Where(f => f.Name == "MaxDays").Select(f => f.DeclaringType!.FullName).ToList();
        Assert.Equal(["FinInfra.Application.Common.Time.DateRange"], declaring);
    }
}
