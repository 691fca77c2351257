using FinInfra.Domain.Common;

namespace FinInfra.Domain.Users;

public sealed class User : Entity, IAuditable
{
    private User() { Email = null!; HashedPassword = null!; }

    private User(Email email, string hashedPassword)
    {
        Email = email;
        HashedPassword = hashedPassword;
    }

    public Email Email { get; private set; }

    /// <summary>A slow, salted hash (see the password hasher); never the password itself.</summary>
    public string HashedPassword { get; private set; }

    /// <summary>The currency the money answers are in unless a request asks for another. USD until the user sets it.</summary>
    public CurrencyCode BaseCurrency { get; private set; } = CurrencyCode.Usd;

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static User Register(Email email, string hashedPassword)
    {
        ArgumentNullException.ThrowIfNull(email);
        return new User(email, RequireHash(hashedPassword));
    }

    public void SetBaseCurrency(CurrencyCode currency) => BaseCurrency = currency;

    public void ChangePasswordHash(string hashedPassword) => HashedPassword = RequireHash(hashedPassword);

    private static string RequireHash(string hashedPassword)
    {
        if (string.IsNullOrWhiteSpace(hashedPassword) || !hashedPassword.Contains('$'))
            throw new DomainRuleException("user.password_hash", "A user's password must be stored hashed.");
        return hashedPassword;
    }

    public override string ToString() => $"User {Id}";
}
