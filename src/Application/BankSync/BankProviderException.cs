using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.BankConnections;
using FluentValidation;
using FluentValidation.Results;

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
/// A provider call failed. The message is written by us (from the provider's error code at most), never copied
/// from a response body, so it cannot carry a token or a secret.
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
    /// What a client is answered: the client's own input refused → 400 on the field at fault; sign-in needed → 409;
    /// the provider failing → 502. Only the safe message travels.
    /// </summary>
    public Exception ForClient() => Failure switch
    {
        ProviderFailure.InvalidRequest => new ValidationException([new ValidationFailure("publicToken", Message)]),
        ProviderFailure.NotConfigured => new ValidationException([new ValidationFailure("provider", Message)]),
        ProviderFailure.LoginRequired => new ProviderException(Message, loginRequired: true),
        _ => new ProviderException(Message),
    };
}
