using System.Net;
using FinInfra.Api;
using FinInfra.Api.Infrastructure;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace FinInfra.Integration.Tests.Deployment;

/// <summary>Production refuses to start without HTTPS (Kestrel TLS or a trusted proxy) and named AllowedHosts; with TLS, HSTS and a redirect.</summary>
public sealed class HttpsSettingsTests
{
    private static readonly Dictionary<string, string?> Secure = new()
    {
        ["Https:Mode"] = "proxy",
        ["ReverseProxy:KnownNetworks:0"] = "10.0.0.0/8",
        ["AllowedHosts"] = "api.example.com",
    };

    private static void BuildProduction(Dictionary<string, string?> settings)
    {
        var file = Path.Combine(Path.GetTempPath(), $"fininfra-https-{Guid.NewGuid():N}.db");
        using var app = ApiHost.Build([], builder =>
        {
            builder.Environment.EnvironmentName = Environments.Production;
            builder.Configuration["SQL_URL"] = $"sqlite:///{file}";
            builder.Configuration["Encryption:Keys:k1"] = ApiFactory.EncryptionKey;
            builder.Configuration["Jwt:SigningKey"] = ApiFactory.JwtSigningKey;
            foreach (var (key, value) in settings) builder.Configuration[key] = value;
        });
    }

    private static Dictionary<string, string?> SecureWith(string key, string? value) => new(Secure) { [key] = value };

    [Theory]
    [InlineData("Https:Mode", null, "Https:Mode is not set")]
    [InlineData("Https:Mode", "none", "refused in Production")]
    [InlineData("Https:Mode", "kestrel", "no https endpoint is configured")]
    [InlineData("ReverseProxy:KnownNetworks:0", null, "no proxy is trusted")]
    [InlineData("AllowedHosts", "*", "AllowedHosts must name the host")]
    [InlineData("AllowedHosts", null, "AllowedHosts must name the host")]
    public void Production_refuses_to_start_insecure(string key, string? value, string reason)
    {
        var refused = Assert.Throws<InsecureDeploymentException>(() => BuildProduction(SecureWith(key, value)));
        Assert.Contains(reason, refused.Message);
    }

    [Fact]
    public void Production_starts_behind_a_trusted_proxy_or_with_kestrel_tls()
    {
        BuildProduction(Secure);
        var kestrel = SecureWith("Https:Mode", "kestrel");
        kestrel["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:8443";
        BuildProduction(kestrel);
    }

    [Fact]
    public async Task With_tls_answers_carry_hsts_and_plain_http_is_redirected_except_the_health_probe()
    {
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Https:Mode"] = "proxy",
            ["ReverseProxy:KnownNetworks:0"] = "10.0.0.0/8",
        });

        var https = api.CreateClient(new() { BaseAddress = new Uri("https://api.example.com"), AllowAutoRedirect = false });
        var secure = await https.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Equal("max-age=31536000", secure.Headers.GetValues("Strict-Transport-Security").Single());

        var plain = api.CreateClient(new() { BaseAddress = new Uri("http://api.example.com"), AllowAutoRedirect = false });
        var redirected = await plain.GetAsync("/api/v1/documents");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https://api.example.com/api/v1/documents", redirected.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/health/live")).StatusCode);
    }
}
