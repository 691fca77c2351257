using System.Security.Cryptography;
using System.Text;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Infrastructure.Idempotency;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace FinInfra.Api.Idempotency;

/// <summary>
/// The action honours an <c>Idempotency-Key</c> header (1–255 visible ASCII characters, scoped to the caller):
/// the first request with a key runs; a later one with the same key and the same request (method, path and the
/// exact body bytes) gets the first one's answer again, status and body, with <c>Idempotent-Replayed: true</c>;
/// the same key with a different request is 422. A request that arrives while the first is still running waits
/// for it and replays its answer, so two simultaneous requests do the work once. Only successes are remembered:
/// a failure stored nothing, so it frees the key and a retry runs anew. Keys expire after <c>Idempotency:KeyHours</c>.
/// Without the header the action runs as always.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentAttribute : Attribute, IAsyncResourceFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>How long a request waits for a simultaneous one with its key before answering 409.</summary>
    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values))
        {
            await next();
            return;
        }
        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > IdempotencyRecord.KeyMaxLength || key.Any(c => c is < '!' or > '~'))
            throw new ValidationException([new ValidationFailure(Header, $"{Header} must be one value of 1 to {IdempotencyRecord.KeyMaxLength} visible ASCII characters.")]);

        var userId = http.RequestServices.GetRequiredService<ICurrentUser>().RequiredUserId;
        var store = http.RequestServices.GetRequiredService<IdempotencyStore>();
        var fingerprint = await FingerprintAsync(http.Request);

        var waitUntil = DateTime.UtcNow + WaitForFirst;
        while (true)
        {
            switch (await store.ClaimAsync(userId, key, fingerprint, http.RequestAborted))
            {
                case IdempotencyClaim.Acquired acquired:
                    await RunAndRememberAsync(http, next, store, acquired.RecordId);
                    return;
                case IdempotencyClaim.Replay replay:
                    context.Result = new ReplayedAnswer(replay);
                    return;
                case IdempotencyClaim.Mismatch:
                    throw new IdempotencyKeyReusedException();
                case IdempotencyClaim.InProgress when DateTime.UtcNow >= waitUntil:
                    throw new IdempotencyKeyInProgressException();
                case IdempotencyClaim.InProgress:
                    await Task.Delay(PollInterval, http.RequestAborted);
                    break;
            }
        }
    }

    private static async Task RunAndRememberAsync(HttpContext http, ResourceExecutionDelegate next, IdempotencyStore store, Guid recordId)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        ResourceExecutedContext executed;
        try
        {
            executed = await next();
        }
        catch
        {
            http.Response.Body = original;
            await store.ReleaseAsync(recordId);
            throw;
        }
        http.Response.Body = original;

        if (executed.Exception is not null && !executed.ExceptionHandled)
        {
            // The exception handler answers, once the exception leaves MVC; nothing is written here.
            await store.ReleaseAsync(recordId);
            return;
        }
        var body = buffer.ToArray();
        if (http.Response.StatusCode is >= 200 and < 300)
            await store.CompleteAsync(recordId, http.Response.StatusCode, http.Response.ContentType, http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, body, CancellationToken.None);
        else
            await store.ReleaseAsync(recordId);
        if (body.Length > 0) await original.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>SHA-256 of the method, the path and the exact body bytes; the body is left readable for model binding.</summary>
    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path.Value?.TrimEnd('/').ToLowerInvariant()}\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            hash.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private sealed class ReplayedAnswer(IdempotencyClaim.Replay replay) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = replay.Status;
            if (replay.ContentType is not null) response.ContentType = replay.ContentType;
            if (replay.Location is not null) response.Headers.Location = replay.Location;
            response.Headers[ReplayedHeader] = "true";
            await response.Body.WriteAsync(replay.Body, context.HttpContext.RequestAborted);
        }
    }
}

/// <summary>The key was already used with a different request (422).</summary>
public sealed class IdempotencyKeyReusedException()
    : Exception($"This {IdempotentAttribute.Header} was already used with a different request; use a new key for a new request.");

/// <summary>The first request with this key is still running after the wait (409).</summary>
public sealed class IdempotencyKeyInProgressException()
    : Exception($"A request with this {IdempotentAttribute.Header} is still being processed; retry later.");
