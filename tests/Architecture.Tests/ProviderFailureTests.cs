using System.Reflection;
using FinInfra.Application.BankSync;

namespace FinInfra.Architecture.Tests;

/// <summary>Provider failures have one exception type, mapped to HTTP in one place (the API's exception handler).</summary>
public sealed class ProviderFailureTests
{
    private static readonly Assembly[] Inner =
    [
        typeof(FinInfra.Domain.Common.Entity).Assembly,
        typeof(FinInfra.Application.DependencyInjection).Assembly,
        typeof(FinInfra.Infrastructure.DependencyInjection).Assembly,
    ];

    [Fact]
    public void BankProviderException_is_the_only_provider_failure_type()
    {
        var others = Inner.SelectMany(a => a.GetTypes())
            .Where(t => typeof(Exception).IsAssignableFrom(t) && t.Name.Contains("Provider", StringComparison.Ordinal) && t != typeof(BankProviderException))
            .Select(t => t.FullName).ToList();
        Assert.Empty(others);
    }

    [Fact]
    public void BankProviderException_offers_no_translation_for_use_cases_to_call()
    {
        // Translating it to another exception belongs to the exception handler alone.
        var returnsException = typeof(BankProviderException).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => typeof(Exception).IsAssignableFrom(m.ReturnType)).Select(m => m.Name).ToList();
        Assert.Empty(returnsException);
    }
}
