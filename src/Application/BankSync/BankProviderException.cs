using FinInfra.Domain.BankConnections;

namespace FinInfra.Application.BankSync;

/// <summary>Why a provider call failed, in terms the service can act on.</summary>
public enum ProviderFailure
{
    /// <summary>The client's input was refused (an invalid or expired public token): a 400.</summary>
    InvalidRequest,

    /// <summary>The user must sign in to the bank again; the connection becomes <c>login_required</c>.</summary>
    LoginRequired,

    /// <summary>The provider is down, slow or rate limiting: try again later.</summary>
    Unavailable,

    /// <summary>The provider answered with something that cannot be used (malformed, or breaking our rules).</summary>
    InvalidResponse,

    /// <summary>The provider's data changed while paging; the sync must start again from its first cursor.</summary>
    PaginationRestartRequired,

    /// <summary>The provider is not configured on this instance.</summary>
    NotConfigured,
}

/// <summary>
/// A provider call failed: the one exception type for it, from the adapters to the client. The message is written by
/// us (from the provider's error code at most), never copied from a response body, so it cannot carry a token or a
/// secret; it is the only text a client is shown. Use cases let it through: the API's exception handler alone maps it
/// to HTTP (400 on <see cref="Field"/>, 409 when the bank needs a new sign-in, 502 otherwise).
/// </summary>
public sealed class BankProviderException(ProviderFailure failure, string safeMessage, Exception? inner = null)
    : Exception(safeMessage, inner)
{
    public ProviderFailure Failure { get; } = failure;

    /// <summary>The status a connection takes when a sync fails this way.</summary>
    public ConnectionStatus ConnectionStatus => Failure == ProviderFailure.LoginRequired
        ? ConnectionStatus.LoginRequired
        : ConnectionStatus.Error;

    /// <summary>
    /// The request field at fault when the failure is the client's own input (a 400 on that field): the public token
    /// the provider refused, or a provider this server has not configured. Null when the provider failed.
    /// </summary>
    public string? Field => Failure switch
    {
        ProviderFailure.InvalidRequest => "publicToken",
        ProviderFailure.NotConfigured => "provider",
        _ => null,
    };
}
