using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace FinInfra.Api.Infrastructure;

/// <summary>
/// <c>X-Forwarded-For</c>/<c>-Proto</c> are believed only from the proxies listed in <c>ReverseProxy:KnownProxies</c>
/// (addresses) and <c>ReverseProxy:KnownNetworks</c> (CIDR ranges). With none listed, none is believed, not even
/// loopback (ASP.NET's default): otherwise any client could name itself someone else and escape its limits.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "ReverseProxy";

    public static void AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            // Walk back through every trusted hop, stopping at the first address nobody vouches for.
            options.ForwardLimit = null;
            foreach (var proxy in proxies)
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw new InvalidOperationException($"{Section}:KnownProxies holds '{proxy}', which is not an IP address."));
            foreach (var network in networks)
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range) ? range
                    : throw new InvalidOperationException($"{Section}:KnownNetworks holds '{network}', which is not a CIDR range (e.g. 10.0.0.0/8)."));
        });
    }
}
