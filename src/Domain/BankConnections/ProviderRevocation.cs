using FinInfra.Domain.Common;

namespace FinInfra.Domain.BankConnections;

/// <summary>
/// A provider item still to be revoked after its user was deleted. The user's data goes at once; the item's access
/// token is kept here, sealed and bound to this row, only until the provider confirms the revocation. The scheduler
/// retries a failed revocation with a growing delay, so a provider outage never blocks or undoes a deletion.
/// </summary>
public sealed class ProviderRevocation : Entity, IAuditable
{
    private ProviderRevocation() { ItemId = null!; AccessToken = null!; }

    private ProviderRevocation(BankProvider provider, string itemId, DateTimeOffset dueAt)
    {
        Provider = provider;
        ItemId = Guard.Text(itemId, "connection.item_id", "Item id", 100);
        NextAttemptAt = dueAt;
        AccessToken = null!;
    }

    /// <summary>After this many failed attempts the revocation waits <see cref="MaxDelay"/> between tries.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(6);

    public BankProvider Provider { get; private set; }
    public string ItemId { get; private set; }
    public EncryptedSecret AccessToken { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public string TokenContext => $"provider_revocations:{Id:N}:access_token";

    public static ProviderRevocation For(BankProvider provider, string itemId, string accessToken, ISecretProtector protector, DateTimeOffset dueAt)
    {
        ArgumentNullException.ThrowIfNull(protector);
        if (string.IsNullOrWhiteSpace(accessToken)) throw new DomainRuleException("connection.token", "An access token is required.");
        var revocation = new ProviderRevocation(provider, itemId, dueAt);
        revocation.AccessToken = protector.Protect(accessToken, revocation.TokenContext);
        return revocation;
    }

    public string RevealAccessToken(ISecretProtector protector) => protector.Unprotect(AccessToken, TokenContext);

    /// <summary>Records a failed attempt; the next waits 1, 2, 4, … minutes, at most <see cref="MaxDelay"/>.</summary>
    public void RecordFailure(string safeMessage, DateTimeOffset at)
    {
        Attempts++;
        LastError = Guard.OptionalText(safeMessage, "connection.error", "Error", 500);
        var delay = TimeSpan.FromMinutes(Math.Pow(2, Math.Min(Attempts - 1, 20)));
        NextAttemptAt = at + (delay < MaxDelay ? delay : MaxDelay);
    }

    public override string ToString() => $"ProviderRevocation {Id} ({Provider})";
}
