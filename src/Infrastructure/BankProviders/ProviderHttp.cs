using System.Text.Json;
using System.Text.Json.Serialization;
using FinInfra.Application.BankSync;

namespace FinInfra.Infrastructure.BankProviders;

/// <summary>
/// Transport shared by the HTTP adapters: network failures and timeouts become <see cref="ProviderFailure.Unavailable"/>,
/// unreadable bodies <see cref="ProviderFailure.InvalidResponse"/>. Messages name the provider and nothing else, so no
/// request (which carries tokens and secrets) or response body ever reaches an exception message.
/// </summary>
internal static class ProviderHttp
{
    /// <summary>Strict reading: a required field that is missing or null makes the response unreadable, not a null reference later.</summary>
    public static JsonSerializerOptions JsonOptions(JsonNamingPolicy naming) => new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = naming,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string provider, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new BankProviderException(ProviderFailure.Unavailable, $"{provider} could not be reached; try again later.", exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BankProviderException(ProviderFailure.Unavailable, $"{provider} did not answer in time; try again later.", exception);
        }
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonSerializerOptions options, string provider, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync<T>(body, options, cancellationToken)
                   ?? throw Malformed(provider, null);
        }
        catch (JsonException exception)
        {
            throw Malformed(provider, exception);
        }
    }

    /// <summary>The provider's error body, or null when the body is not one (the status code alone then decides).</summary>
    public static async Task<T?> TryReadErrorAsync<T>(HttpResponseMessage response, JsonSerializerOptions options, string provider, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await ReadAsync<T>(response, options, provider, cancellationToken);
        }
        catch (BankProviderException)
        {
            return null;
        }
    }

    /// <summary>A provider's error code, kept only if it looks like one (so a body can never smuggle text into our messages).</summary>
    public static string SafeCode(string? code) =>
        code is { Length: > 0 and <= 64 } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') ? code : "unknown";

    private static BankProviderException Malformed(string provider, Exception? inner) =>
        new(ProviderFailure.InvalidResponse, $"{provider} answered with a response that could not be read.", inner);
}
