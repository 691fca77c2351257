namespace FinInfra.Api.Infrastructure;

/// <summary>
/// How clients reach the service over TLS, from <c>Https:Mode</c>:
/// <list type="bullet">
/// <item><c>kestrel</c>: Kestrel itself serves HTTPS (an https endpoint in <c>Kestrel:Endpoints</c> or the URLs).</item>
/// <item><c>proxy</c>: a reverse proxy terminates TLS; its <c>X-Forwarded-Proto</c> is believed only from
/// <c>ReverseProxy:KnownProxies</c>/<c>KnownNetworks</c>, which must name it.</item>
/// <item><c>none</c>: plain HTTP, for Development and tests only; refused in Production.</item>
/// </list>
/// Outside Development the mode must be set (there is no insecure default), and in Production <c>AllowedHosts</c>
/// must name the hosts clients use. With TLS, answers carry HSTS and plain-HTTP requests are redirected.
/// The service refuses to start when any of this does not hold.
/// </summary>
public static class HttpsSetup
{
    public const string ModeKey = "Https:Mode";

    public enum Mode { None, Kestrel, Proxy }

    public static Mode Configure(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var environment = builder.Environment;
        var configured = configuration[ModeKey]?.Trim().ToLowerInvariant();
        var mode = configured switch
        {
            null or "" when environment.IsDevelopment() => Mode.None,
            null or "" => throw Insecure($"{ModeKey} is not set. Outside Development the service needs HTTPS: set {ModeKey}=kestrel (with an https endpoint and its certificate) or {ModeKey}=proxy (behind a TLS-terminating reverse proxy listed in {ForwardedHeadersSetup.Section}:KnownProxies or KnownNetworks)."),
            "none" when environment.IsProduction() => throw Insecure($"{ModeKey}=none (plain HTTP) is refused in Production; use kestrel or proxy."),
            "none" => Mode.None,
            "kestrel" => Mode.Kestrel,
            "proxy" => Mode.Proxy,
            _ => throw Insecure($"{ModeKey} is '{configured}'; use kestrel, proxy or (Development only) none."),
        };

        if (mode == Mode.Kestrel && !HasHttpsEndpoint(configuration))
            throw Insecure($"{ModeKey}=kestrel but no https endpoint is configured (Kestrel:Endpoints:<name>:Url=https://… with a certificate, or ASPNETCORE_URLS=https://…).");
        if (mode == Mode.Proxy && !Lists(configuration, "KnownProxies") && !Lists(configuration, "KnownNetworks"))
            throw Insecure($"{ModeKey}=proxy but no proxy is trusted: list it in {ForwardedHeadersSetup.Section}:KnownProxies or KnownNetworks, so X-Forwarded-Proto is believed from it alone.");
        if (environment.IsProduction() && configuration["AllowedHosts"]?.Trim() is null or "" or "*")
            throw Insecure("AllowedHosts must name the host(s) clients use in Production (e.g. api.example.com), not '*'.");

        if (mode != Mode.None)
        {
            builder.Services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
            // Behind a proxy the public port is the proxy's.
            if (mode == Mode.Proxy) builder.Services.AddHttpsRedirection(redirect => redirect.HttpsPort = 443);
        }
        return mode;
    }

    /// <summary>HSTS and the redirect to HTTPS (the in-container health probe, on plain HTTP, is left alone).</summary>
    public static void Use(WebApplication app, Mode mode)
    {
        if (mode == Mode.None) return;
        app.UseHsts();
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/health"), https => https.UseHttpsRedirection());
    }

    private static bool Lists(IConfiguration configuration, string key) =>
        configuration.GetSection($"{ForwardedHeadersSetup.Section}:{key}").GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value));

    private static bool HasHttpsEndpoint(IConfiguration configuration) =>
        configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(e => e["Url"]?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true)
        || (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "").Split(';').Any(u => u.Trim().StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    private static InsecureDeploymentException Insecure(string message) => new(message);
}

/// <summary>The configuration would serve the API insecurely; the service refuses to start.</summary>
public sealed class InsecureDeploymentException(string message) : Exception(message);
