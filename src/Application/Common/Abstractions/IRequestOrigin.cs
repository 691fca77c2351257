namespace FinInfra.Application.Common.Abstractions;

/// <summary>Where the current request comes from, as far as limits are concerned.</summary>
public interface IRequestOrigin
{
    /// <summary>
    /// The client's network: its IPv4 address, or the /64 of its IPv6 address (one subscriber's line holds a whole
    /// /64, so counting single IPv6 addresses would let one client spread its attempts over 2^64 of them).
    /// </summary>
    string ClientNetwork { get; }
}
