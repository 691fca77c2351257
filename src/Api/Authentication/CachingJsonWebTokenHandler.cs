using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FinInfra.Api.Authentication;

/// <summary>
/// The JWT handler, remembering the tokens it has validated so a client's next request with the same token skips the
/// signature check and the parsing (about 35 µs of CPU a request, docs/scaling.md). What it keeps and why that is safe:
/// <list type="bullet">
/// <item>Only successes, keyed by the SHA-256 of the exact token text: a token that differs by one character is a
/// miss and is validated in full; a refusal is never remembered, so nothing a client sends can fill the cache with
/// refusals or make a later good token fail.</item>
/// <item>Each hit checks the token's lifetime again, with the same rule and clock as a full validation, and only for
/// validation parameters equal, property by property, to those it was validated with (the JWT bearer handler passes a
/// copy of its options' parameters on each request).</item>
/// <item>The session check (the security stamp, <see cref="AuthenticationSetup"/>) is not part of this: it runs on
/// every request after the handler, so a logout or a password change ends a remembered token at once.</item>
/// <item>Each request gets its own copy of the identity: nothing one request adds to its principal reaches another.</item>
/// <item>At most <c>Jwt:ValidatedTokenCacheEntries</c> tokens (10,000 by default; 0 turns the cache off); when full,
/// the expired ones go, and if none have expired the cache starts over. An entry never outlives its token.</item>
/// </list>
/// </summary>
public sealed class CachingJsonWebTokenHandler : JsonWebTokenHandler
{
    /// <summary>Longer tokens are validated every time: ours are about 400 characters.</summary>
    public const int MaxCachedTokenLength = 4096;

    private readonly int _capacity;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<TokenDigest, Entry> _entries = new();

    public CachingJsonWebTokenHandler(int capacity, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _clock = clock;
        MapInboundClaims = false;
    }

    /// <summary>How many validated tokens are remembered now.</summary>
    public int Count => _entries.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_capacity == 0 || validationParameters?.LifetimeValidator is null || string.IsNullOrEmpty(token) || token.Length > MaxCachedTokenLength)
            return await base.ValidateTokenAsync(token, validationParameters);

        var digest = TokenDigest.Of(token);
        if (_entries.TryGetValue(digest, out var seen) && SameRules(seen.Parameters, validationParameters))
        {
            if (validationParameters.LifetimeValidator(seen.Token.ValidFromNullable(), seen.Token.ValidToNullable(), seen.Token, validationParameters))
                return new TokenValidationResult
                {
                    IsValid = true,
                    SecurityToken = seen.Token,
                    ClaimsIdentity = seen.Identity.Clone(),
                    Issuer = seen.Issuer,
                    TokenType = seen.TokenType,
                };
            _entries.TryRemove(new KeyValuePair<TokenDigest, Entry>(digest, seen));
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken validated && result.ClaimsIdentity is { } identity)
        {
            if (_entries.Count >= _capacity) MakeRoom();
            _entries[digest] = new Entry(validationParameters, validated, identity.Clone(), result.Issuer, result.TokenType);
        }
        return result;
    }

    /// <summary>
    /// Whether two sets of validation parameters are the same rules: every public property equal (the same keys,
    /// issuers, audiences, algorithms and validators, the same flags), except the per-instance property bag and the flag that
    /// <see cref="TokenValidationParameters.Clone"/> renews and sets. A property added by a later version is compared too, so
    /// anything unknown makes a miss, never a hit. Built once as a compiled comparison: no boxing, no reflection per call.
    /// </summary>
    internal static readonly Func<TokenValidationParameters, TokenValidationParameters, bool> SameRules = BuildSameRules();

    private static Func<TokenValidationParameters, TokenValidationParameters, bool> BuildSameRules()
    {
        var a = Expression.Parameter(typeof(TokenValidationParameters), "a");
        var b = Expression.Parameter(typeof(TokenValidationParameters), "b");
        Expression body = Expression.ReferenceEqual(a, b);
        Expression all = Expression.Constant(true);
        foreach (var property in typeof(TokenValidationParameters).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0 || property.Name is nameof(TokenValidationParameters.InstancePropertyBag) or nameof(TokenValidationParameters.IsClone)) continue;
            Expression left = Expression.Property(a, property), right = Expression.Property(b, property);
            var items = property.PropertyType == typeof(string) ? null : ItemType(property.PropertyType);
            Expression equal;
            if (items is not null)
                // Clone copies some lists (the algorithms) into new ones: the same items in the same order are the same rule.
                equal = Expression.Call(typeof(CachingJsonWebTokenHandler).GetMethod(nameof(SameItems), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(items),
                    Expression.Convert(left, typeof(IEnumerable<>).MakeGenericType(items)), Expression.Convert(right, typeof(IEnumerable<>).MakeGenericType(items)));
            else
            {
                var comparer = typeof(EqualityComparer<>).MakeGenericType(property.PropertyType);
                equal = Expression.Call(Expression.Property(null, comparer, "Default"), comparer.GetMethod("Equals", [property.PropertyType, property.PropertyType])!, left, right);
            }
            all = Expression.AndAlso(all, equal);
        }
        return Expression.Lambda<Func<TokenValidationParameters, TokenValidationParameters, bool>>(Expression.OrElse(body, all), a, b).Compile();
    }

    private static Type? ItemType(Type type)
    {
        var enumerable = type.IsInterface && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private static bool SameItems<T>(IEnumerable<T>? x, IEnumerable<T>? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.SequenceEqual(y));

    private void MakeRoom()
    {
        var now = _clock.GetUtcNow().UtcDateTime - JwtSettings.ClockSkew;
        foreach (var (key, entry) in _entries)
            if (entry.Token.ValidTo <= now) _entries.TryRemove(key, out _);
        if (_entries.Count >= _capacity) _entries.Clear();
    }

    private sealed record Entry(TokenValidationParameters Parameters, JsonWebToken Token, ClaimsIdentity Identity, string? Issuer, string? TokenType);

    /// <summary>The SHA-256 of the token's UTF-8 bytes: a fixed-size key, compared whole, whatever the token's length.</summary>
    private readonly record struct TokenDigest(ulong A, ulong B, ulong C, ulong D)
    {
        public static TokenDigest Of(string token)
        {
            Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(token.Length)];
            var length = Encoding.UTF8.GetBytes(token, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..length], hash);
            var words = MemoryMarshal.Cast<byte, ulong>(hash);
            return new TokenDigest(words[0], words[1], words[2], words[3]);
        }
    }
}

internal static class JsonWebTokenTimes
{
    public static DateTime? ValidFromNullable(this JsonWebToken token) => token.ValidFrom == DateTime.MinValue ? null : token.ValidFrom;

    public static DateTime? ValidToNullable(this JsonWebToken token) => token.ValidTo == DateTime.MinValue ? null : token.ValidTo;
}
