namespace FinInfra.Api.Infrastructure;

/// <summary>
/// <c>FinInfra.Api healthcheck [url]</c>: the container's health check (the runtime image has no curl). Asks the
/// readiness endpoint over the container's loopback, naming the first of <c>AllowedHosts</c> as the host so host
/// filtering lets it through; exits 0 when the answer is 200.
/// </summary>
public static class HealthProbe
{
    public const string Verb = "healthcheck";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 0 ? args[0] : "http://127.0.0.1:8080/health/ready";
        var host = (Environment.GetEnvironmentVariable("AllowedHosts") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(h => h != "*" && !h.StartsWith("*.", StringComparison.Ordinal));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(4) };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (host is not null) request.Headers.Host = host;
        try
        {
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
