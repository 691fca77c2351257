using System.Net;
using System.Net.Http.Json;
using FinInfra.Application.BankSync;
using FinInfra.Domain.BankConnections;
using FinInfra.Infrastructure.BankProviders;
using FinInfra.Infrastructure.BankProviders.Sandbox;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Deployment;

/// <summary>The sandbox provider (anyone can connect it with a made-up token) exists only where configuration enables it.</summary>
public sealed class SandboxAvailabilityTests
{
    private static bool SandboxOffered(string environment, string? enabled)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(enabled is null ? [] : new Dictionary<string, string?> { [BankProviderRegistration.SandboxEnabledKey] = enabled })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddBankProviders(configuration, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment });
        using var provider = services.BuildServiceProvider();
        return provider.GetServices<IBankProvider>().Any(p => p.Provider == BankProvider.Sandbox);
    }

    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Production", null, false)]
    [InlineData("Staging", null, false)]
    [InlineData("Production", "true", true)]
    [InlineData("Development", "false", false)]
    public void The_sandbox_is_on_in_development_and_off_elsewhere_unless_configured(string environment, string? enabled, bool offered) =>
        Assert.Equal(offered, SandboxOffered(environment, enabled));

    [Fact]
    public async Task With_the_sandbox_off_connecting_it_is_a_400_on_the_provider_field()
    {
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { [BankProviderRegistration.SandboxEnabledKey] = "false" });
        var user = await api.CreateUserAsync();

        var refused = await user.Client.PostAsJsonAsync("/api/v1/bank-connections", new { provider = "sandbox", publicToken = SandboxBankProvider.GoodToken }, Json);

        var problem = await AssertProblemAsync(refused, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("provider", out _));
    }
}
