using System.Text.Json;
using FinInfra.Application.BankSync;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Application.Common.Quotas;
using FinInfra.Application.Documents;
using FinInfra.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Api.ErrorHandling;

/// <summary>
/// The one place exceptions become RFC 9457 problem details. Client mistakes map to 4xx with a message that is
/// safe to show; anything unexpected is logged and answered with a bare 500 that reveals nothing.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception);
        // A provider failure is expected, and only its safe message and kind are logged: an inner exception could quote
        // what the provider sent.
        if (exception is BankProviderException provider) LogProviderFailed(provider.Failure, httpContext.Request.Method, httpContext.Request.Path);
        else if (problem.Status >= StatusCodes.Status500InternalServerError)
            LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (RetryAfter(exception) is { } wait) httpContext.Response.Headers.RetryAfter = AuthRateLimiting.Seconds(wait);
        if (exception is BadHttpRequestException or DocumentTooLargeException) UnreadRequestBody.CloseConnection(httpContext);
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails Map(Exception exception) => exception switch
    {
        FluentValidation.ValidationException validation => Validation(validation),
        // Before the database checks, which look through inner exceptions: a provider's failure is never the database's.
        BankProviderException { Field: { } field } refused => Validation(new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure(field, refused.Message)])),
        BankProviderException { Failure: ProviderFailure.LoginRequired } provider => Problem(StatusCodes.Status409Conflict, "Conflict", provider.Message, "connection.login_required"),
        BankProviderException provider => Problem(StatusCodes.Status502BadGateway, "Bad Gateway", provider.Message),
        _ when DatabaseErrors.IsUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "Service Unavailable",
            "The database is unreachable right now; nothing was changed. Retry after the Retry-After delay."),
        _ when DatabaseErrors.IsTransientConflict(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "Service Unavailable",
            "The change kept meeting concurrent changes to the same rows; nothing was changed. Retry after the Retry-After delay."),
        NotFoundException notFound => Problem(StatusCodes.Status404NotFound, "Not Found", notFound.Message),
        ConflictException conflict => Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message, conflict.Rule),
        QuotaExceededException quota => Problem(StatusCodes.Status409Conflict, "Quota exceeded", quota.Message, quota.Rule),
        DomainRuleException rule => Problem(StatusCodes.Status409Conflict, "Business rule violated", rule.Message, rule.Rule),
        Idempotency.IdempotencyKeyReusedException reused => Problem(StatusCodes.Status422UnprocessableEntity, "Unprocessable Entity", reused.Message, "idempotency.key_reused"),
        Idempotency.IdempotencyKeyInProgressException inProgress => Problem(StatusCodes.Status409Conflict, "Conflict", inProgress.Message, "idempotency.in_progress"),
        TooManyAttemptsException => Problem(StatusCodes.Status429TooManyRequests, "Too Many Requests", "Too many attempts; wait before trying again."),
        UnauthorizedException unauthorized => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", unauthorized.Message),
        DbUpdateConcurrencyException => Problem(StatusCodes.Status409Conflict, "Conflict",
            "The resource was changed by another request; reload it and try again.", "concurrency"),
        DbUpdateException update when DatabaseErrors.IsConstraintViolation(update) => Problem(StatusCodes.Status409Conflict, "Conflict",
            "The request conflicts with existing data (a duplicate or a missing related row).", "constraint"),
        _ when DatabaseErrors.IsOutOfRange(exception) => Problem(StatusCodes.Status400BadRequest, "Bad Request",
            "A value is out of the range the service can store."),
        BadHttpRequestException badRequest => Problem(badRequest.StatusCode, ReasonPhrase(badRequest.StatusCode), BadRequestDetail(badRequest)),
        JsonException => Problem(StatusCodes.Status400BadRequest, "Bad Request", "The request body is not valid JSON."),
        DocumentTooLargeException tooLarge => Problem(StatusCodes.Status413PayloadTooLarge, "Payload Too Large", tooLarge.Message),
        UnsupportedDocumentTypeException unsupported => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type", unsupported.Message),
        OperationCanceledException => Problem(499, "Client Closed Request", "The request was cancelled."),
        _ => Problem(StatusCodes.Status500InternalServerError, "Internal Server Error", "An unexpected error occurred."),
    };

    /// <summary>A database restart or failover takes seconds; sooner retries would only add to the load.</summary>
    private static readonly TimeSpan DatabaseRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>How long the client should wait before retrying, for the failures that say so.</summary>
    private static TimeSpan? RetryAfter(Exception exception) => exception switch
    {
        TooManyAttemptsException tooMany => tooMany.RetryAfter,
        _ when DatabaseErrors.IsUnavailable(exception) => DatabaseRetryAfter,
        _ when DatabaseErrors.IsTransientConflict(exception) => TimeSpan.FromSeconds(1),
        _ => null,
    };

    private static ValidationProblemDetails Validation(FluentValidation.ValidationException exception)
    {
        var errors = exception.Errors
            .GroupBy(e => JsonPath(e.PropertyName), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal);
        return new ValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
        };
    }

    /// <summary>"Transactions[0].Amount" → "transactions[0].amount", the names the client sent.</summary>
    private static string JsonPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));

    private static ProblemDetails Problem(int status, string title, string detail, string? rule = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (rule is not null) problem.Extensions["rule"] = rule;
        return problem;
    }

    private static string BadRequestDetail(BadHttpRequestException exception) => exception.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        _ => "The request could not be read.",
    };

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Bad Request";

    [LoggerMessage(LogLevel.Warning, "Bank provider failure ({Failure}) for {Method} {Path}")]
    private partial void LogProviderFailed(ProviderFailure failure, string method, string path);

    [LoggerMessage(LogLevel.Error, "Unhandled exception for {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
