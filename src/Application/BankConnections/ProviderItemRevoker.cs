using FinInfra.Application.BankSync;
using FinInfra.Domain.BankConnections;

namespace FinInfra.Application.BankConnections;

/// <summary>
/// Revokes a provider item (the bank link behind an access token), for every path that ends a link: a disconnect, a
/// user's deletion, and the retries of revocations that failed. Never call it inside a database transaction.
/// </summary>
public sealed class ProviderItemRevoker(IBankProviderRegistry providers)
{
    /// <summary>
    /// Null when the provider holds no live item any more: revoked now, or the token was already dead there
    /// (<see cref="ProviderFailure.LoginRequired"/>), or this instance can no longer reach that provider at all
    /// (<see cref="ProviderFailure.NotConfigured"/>), where dropping our copy of the token is all that is left to do.
    /// Otherwise the failure, to be answered or retried.
    /// </summary>
    public async Task<BankProviderException?> RevokeAsync(BankProvider provider, string accessToken, CancellationToken cancellationToken)
    {
        try
        {
            await providers.Resolve(provider).RemoveItemAsync(accessToken, cancellationToken);
            return null;
        }
        catch (BankProviderException failure) when (failure.Failure is ProviderFailure.LoginRequired or ProviderFailure.NotConfigured)
        {
            return null;
        }
        catch (BankProviderException failure)
        {
            return failure;
        }
    }
}
