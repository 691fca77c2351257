namespace FinInfra.Application.Common.Exceptions;

/// <summary>The thing does not exist, or is not the caller's (both look the same to a client: 404).</summary>
public sealed class NotFoundException(string resource, object? id = null)
    : Exception(id is null ? $"{resource} was not found." : $"{resource} '{id}' was not found.");

/// <summary>The request conflicts with the current state (409): a duplicate, a concurrent edit, a business rule.</summary>
public sealed class ConflictException(string message, string? rule = null) : Exception(message)
{
    public string? Rule { get; } = rule;
}

/// <summary>No authenticated user (401).</summary>
public sealed class UnauthorizedException(string message = "Authentication is required.") : Exception(message);

/// <summary>Too many attempts from this client or at this account (429); try again after <see cref="RetryAfter"/>.</summary>
public sealed class TooManyAttemptsException(TimeSpan retryAfter) : Exception("Too many attempts; wait before trying again.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
