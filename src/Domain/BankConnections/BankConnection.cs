using FinInfra.Domain.Common;

namespace FinInfra.Domain.BankConnections;

public enum BankProvider { Manual, Sandbox, Plaid, Teller }

public enum ConnectionStatus { Active, LoginRequired, Error, Disconnected }

/// <summary>
/// A link to one institution through an aggregator. The access token is sealed before it is stored,
/// bound to this row, and never exposed by <see cref="ToString"/>.
/// </summary>
public sealed class BankConnection : Entity, IAuditable, IOwnedByUser, IVersioned
{
    private BankConnection() { ItemId = null!; InstitutionName = null!; }

    private BankConnection(Guid userId, BankProvider provider, string itemId, string institutionName)
    {
        UserId = Guard.Owner(userId);
        Provider = provider;
        ItemId = Guard.Text(itemId, "connection.item_id", "Item id", 100);
        InstitutionName = Guard.Text(institutionName, "connection.institution", "Institution name");
        Status = ConnectionStatus.Active;
    }

    public Guid UserId { get; private set; }
    public BankProvider Provider { get; private set; }
    public EncryptedSecret? AccessToken { get; private set; }
    public string ItemId { get; private set; }
    public string InstitutionName { get; private set; }
    public ConnectionStatus Status { get; private set; }
    public string? SyncCursor { get; private set; }
    public DateTimeOffset? LastSyncedAt { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset? DisconnectedAt { get; private set; }

    /// <summary>
    /// Until when a sync worker holds this connection (so several instances never sync it twice). Claimed and
    /// released only by the scheduler's conditional UPDATE (SyncClaims), which the database arbitrates.
    /// </summary>
    public DateTimeOffset? SyncLeaseUntil { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public bool IsManual => Provider == BankProvider.Manual;
    public bool IsDisconnected => Status == ConnectionStatus.Disconnected;

    /// <summary>
    /// The context a token is sealed under (authenticated, not encrypted): its row, owner, provider and item. A
    /// ciphertext copied onto another row, or onto this row after its owner, provider or item id was changed, does not open.
    /// </summary>
    public string TokenContext => $"bank_connections:{Id:N}:user:{UserId:N}:provider:{Provider}:item:{ItemId}:access_token";

    /// <summary>What tokens sealed before <see cref="TokenContext"/> bound more than the row were sealed under.</summary>
    private string LegacyTokenContext => $"bank_connections:{Id:N}:access_token";

    public static BankConnection CreateManual(Guid userId, string? institutionName)
    {
        var connection = new BankConnection(userId, BankProvider.Manual, "pending", string.IsNullOrWhiteSpace(institutionName) ? "Manual" : institutionName);
        connection.ItemId = $"manual-{connection.Id:N}";
        return connection;
    }

    public static BankConnection Connect(Guid userId, BankProvider provider, string itemId, string institutionName, string accessToken, ISecretProtector protector)
    {
        if (provider == BankProvider.Manual)
            throw new DomainRuleException("connection.provider", "Manual connections have no provider token.");
        var connection = new BankConnection(userId, provider, itemId, institutionName);
        connection.SealToken(accessToken, protector);
        return connection;
    }

    public string RevealAccessToken(ISecretProtector protector)
    {
        if (AccessToken is null)
            throw new DomainRuleException("connection.no_token", "This connection has no access token.");
        return protector.Unprotect(AccessToken, protector.UsesLegacyBinding(AccessToken) ? LegacyTokenContext : TokenContext);
    }

    /// <summary>
    /// Re-seals the token under the protector's active key and the current <see cref="TokenContext"/>. Returns false
    /// when nothing had to change.
    /// </summary>
    public bool RotateToken(ISecretProtector protector)
    {
        if (AccessToken is null || !protector.NeedsRotation(AccessToken)) return false;
        SealToken(RevealAccessToken(protector), protector);
        return true;
    }

    public void RecordSyncSuccess(string? nextCursor, DateTimeOffset at)
    {
        EnsureConnected();
        SyncCursor = nextCursor;
        LastSyncedAt = at;
        LastError = null;
        Status = ConnectionStatus.Active;
    }

    public void RecordSyncFailure(ConnectionStatus status, string safeMessage)
    {
        EnsureConnected();
        if (status == ConnectionStatus.Disconnected)
            throw new DomainRuleException("connection.status", "Use Disconnect to disconnect.");
        Status = status;
        LastError = Guard.OptionalText(safeMessage, "connection.error", "Error", 500);
    }

    /// <summary>Drops the token and stops syncing. The connection and its history stay until the user deletes them.</summary>
    public void Disconnect(DateTimeOffset at)
    {
        if (IsDisconnected) return;
        AccessToken = null;
        SyncCursor = null;
        SyncLeaseUntil = null;
        Status = ConnectionStatus.Disconnected;
        DisconnectedAt = at;
    }

    public void EnsureConnected()
    {
        if (IsDisconnected)
            throw new DomainRuleException("connection.disconnected", "This connection is disconnected.");
    }

    private void SealToken(string accessToken, ISecretProtector protector)
    {
        if (string.IsNullOrWhiteSpace(accessToken))
            throw new DomainRuleException("connection.token", "An access token is required.");
        AccessToken = protector.Protect(accessToken, TokenContext);
    }

    public override string ToString() => $"BankConnection {Id} ({Provider}, {Status})";
}
