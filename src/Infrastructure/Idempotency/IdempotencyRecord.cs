using FinInfra.Domain.Common;

namespace FinInfra.Infrastructure.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c> a user sent: a fingerprint of the request it came with and, once that request
/// finished, the answer to replay. A transport concern, not a domain one, so it lives here and not in the model's
/// aggregates; it still belongs to its user (and goes with them).
/// </summary>
public sealed class IdempotencyRecord : IOwnedByUser
{
    public const int KeyMaxLength = 255;

    /// <summary>Hex of a SHA-256 digest.</summary>
    public const int FingerprintLength = 64;

    private IdempotencyRecord() { Key = null!; RequestFingerprint = null!; }

    public IdempotencyRecord(Guid userId, string key, string requestFingerprint, DateTimeOffset createdAt, DateTimeOffset expiresAt)
    {
        Id = UuidV7.New();
        UserId = userId == Guid.Empty ? throw new ArgumentException("An idempotency key belongs to a user.", nameof(userId)) : userId;
        Key = key;
        RequestFingerprint = requestFingerprint;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Key { get; private set; }

    /// <summary>SHA-256 of the method, path and exact body bytes.</summary>
    public string RequestFingerprint { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>Null while the first request with this key is still running.</summary>
    public int? ResponseStatus { get; private set; }

    public string? ResponseContentType { get; private set; }
    public string? ResponseLocation { get; private set; }
    public byte[]? ResponseBody { get; private set; }
}
