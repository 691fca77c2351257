using FinInfra.Application.BankSync;
using FinInfra.Domain.BankConnections;

namespace FinInfra.Infrastructure.BankProviders;

/// <summary>The adapters registered on this instance: the sandbox always, Plaid and Teller when configured.</summary>
public sealed class BankProviderRegistry(IEnumerable<IBankProvider> providers) : IBankProviderRegistry
{
    private readonly Dictionary<BankProvider, IBankProvider> _providers = providers.ToDictionary(p => p.Provider);

    public bool IsAvailable(BankProvider provider) => _providers.ContainsKey(provider);

    public IBankProvider Resolve(BankProvider provider) =>
        _providers.TryGetValue(provider, out var adapter)
            ? adapter
            : throw new BankProviderException(ProviderFailure.NotConfigured,
                $"The provider '{provider.ToString().ToLowerInvariant()}' is not configured on this server.");
}
