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
            // Headers only: the body is read by ReadAsync, which stops at the size limit instead of buffering all of it.
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
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

    /// <summary>The body as <typeparamref name="T"/>; a body over <paramref name="maxBytes"/> is refused unparsed, declared or not.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonSerializerOptions options, string provider, long maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes) throw TooLarge(provider, maxBytes);
        using var buffered = new MemoryStream();
        try
        {
            await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
            {
                var chunk = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
                {
                    if (buffered.Length + read > maxBytes) throw TooLarge(provider, maxBytes);
                    buffered.Write(chunk, 0, read);
                }
            }
            buffered.Position = 0;
            return await JsonSerializer.DeserializeAsync<T>(buffered, options, cancellationToken)
                   ?? throw Malformed(provider, null);
        }
        catch (JsonException exception)
        {
            throw Malformed(provider, exception);
        }
        catch (HttpRequestException exception)
        {
            throw new BankProviderException(ProviderFailure.Unavailable, $"{provider}'s answer broke off; try again later.", exception);
        }
    }

    /// <summary>The provider's error body, or null when the body is not one (the status code alone then decides).</summary>
    public static async Task<T?> TryReadErrorAsync<T>(HttpResponseMessage response, JsonSerializerOptions options, string provider, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await ReadAsync<T>(response, options, provider, maxBytes, cancellationToken);
        }
        catch (BankProviderException)
        {
            return null;
        }
    }

    /// <summary>A provider's error code, kept only if it looks like one (so a body can never smuggle text into our messages).</summary>
    public static string SafeCode(string? code) =>
        code is { Length: > 0 and <= 64 } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') ? code : "unknown";

    /// <summary>
    /// The handler for every provider client: redirects are not followed, because following one re-sends the request
    /// (Plaid's body carries the client secret, Teller's header the access token) to wherever the Location points.
    /// A 3xx is then an unsuccessful answer like any other.
    /// </summary>
    public static SocketsHttpHandler Handler() => new() { AllowAutoRedirect = false };

    private static BankProviderException TooLarge(string provider, long maxBytes) =>
        new(ProviderFailure.InvalidResponse, $"{provider} answered with more than {maxBytes} bytes; nothing was stored.");

    private static BankProviderException Malformed(string provider, Exception? inner) =>
        new(ProviderFailure.InvalidResponse, $"{provider} answered with a response that could not be read.", inner);
}
