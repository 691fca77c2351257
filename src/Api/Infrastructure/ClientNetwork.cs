using System.Net;
using FinInfra.Application.Common.Abstractions;

namespace FinInfra.Api.Infrastructure;

/// <summary>
/// The unit limits count per: an IPv4 address, or the /64 network of an IPv6 address (what one subscriber's line is
/// given, so one client cannot spread attempts over its 2^64 addresses). IPv4-mapped IPv6 addresses count as IPv4.
/// The address is the connection's peer, or the client a trusted proxy names (see <see cref="ForwardedHeadersSetup"/>).
/// </summary>
public static class ClientNetwork
{
    public static string Of(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}

/// <summary>The current request's <see cref="ClientNetwork"/>.</summary>
public sealed class HttpRequestOrigin(IHttpContextAccessor accessor) : IRequestOrigin
{
    public string ClientNetwork => Infrastructure.ClientNetwork.Of(accessor.HttpContext?.Connection.RemoteIpAddress);
}
