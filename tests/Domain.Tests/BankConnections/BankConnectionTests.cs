using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Tests.Common;

namespace FinInfra.Domain.Tests.BankConnections;

public sealed class BankConnectionTests
{
    private const string Token = "access-sandbox-very-secret";
    private static readonly Guid UserId = Guid.CreateVersion7();
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static BankConnection Connect(FakeSecretProtector protector) =>
        BankConnection.Connect(UserId, BankProvider.Plaid, "item-1", "First Bank", Token, protector);

    [Fact]
    public void Connect_seals_the_token_bound_to_this_row()
    {
        var protector = new FakeSecretProtector();
        var connection = Connect(protector);
        Assert.NotNull(connection.AccessToken);
        Assert.DoesNotContain(Token, connection.AccessToken!.StoredValue);
        Assert.StartsWith("v2:k1:", connection.AccessToken.StoredValue);
        Assert.Equal(Token, connection.RevealAccessToken(protector));
        Assert.Contains(connection.Id.ToString("N"), connection.TokenContext);
        Assert.Equal(ConnectionStatus.Active, connection.Status);
    }

    [Fact]
    public void A_token_copied_to_another_connection_does_not_open()
    {
        var protector = new FakeSecretProtector();
        var original = Connect(protector);
        Assert.ThrowsAny<Exception>(() => protector.Unprotect(original.AccessToken!, Connect(protector).TokenContext));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Connect_requires_a_token(string token) =>
        Rule.Broken("connection.token", () => BankConnection.Connect(UserId, BankProvider.Plaid, "item", "Bank", token, new FakeSecretProtector()));

    [Fact]
    public void Connect_refuses_the_manual_provider() =>
        Rule.Broken("connection.provider", () => BankConnection.Connect(UserId, BankProvider.Manual, "item", "Bank", Token, new FakeSecretProtector()));

    [Fact]
    public void Connect_requires_an_owner_an_item_and_an_institution()
    {
        var protector = new FakeSecretProtector();
        Rule.Broken("owner.required", () => BankConnection.Connect(Guid.Empty, BankProvider.Plaid, "item", "Bank", Token, protector));
        Rule.Broken("connection.item_id", () => BankConnection.Connect(UserId, BankProvider.Plaid, " ", "Bank", Token, protector));
        Rule.Broken("connection.item_id", () => BankConnection.Connect(UserId, BankProvider.Plaid, new string('x', 101), "Bank", Token, protector));
        Rule.Broken("connection.institution", () => BankConnection.Connect(UserId, BankProvider.Plaid, "item", "", Token, protector));
    }

    [Fact]
    public void ToString_never_shows_the_token()
    {
        var protector = new FakeSecretProtector();
        var connection = Connect(protector);
        Assert.DoesNotContain(Token, connection.ToString());
        Assert.DoesNotContain(connection.AccessToken!.StoredValue, connection.ToString());
        Assert.Equal("***", connection.AccessToken.ToString());
    }

    [Fact]
    public void Manual_connection_has_no_token_and_a_unique_item_id()
    {
        var a = BankConnection.CreateManual(UserId, null);
        var b = BankConnection.CreateManual(UserId, "My cash");
        Assert.True(a.IsManual);
        Assert.Null(a.AccessToken);
        Assert.Equal("Manual", a.InstitutionName);
        Assert.Equal("My cash", b.InstitutionName);
        Assert.NotEqual(a.ItemId, b.ItemId);
        Rule.Broken("connection.no_token", () => a.RevealAccessToken(new FakeSecretProtector()));
    }

    [Fact]
    public void RotateToken_reseals_under_the_active_key_only_when_needed()
    {
        var protector = new FakeSecretProtector("k1");
        var connection = Connect(protector);
        Assert.False(connection.RotateToken(protector));

        protector.ActiveKeyId = "k2";
        Assert.True(connection.RotateToken(protector));
        Assert.StartsWith("v2:k2:", connection.AccessToken!.StoredValue);
        Assert.Equal(Token, connection.RevealAccessToken(protector));
        Assert.False(connection.RotateToken(protector));
    }

    [Fact]
    public void Disconnect_drops_the_token_and_stops_syncing()
    {
        var connection = Connect(new FakeSecretProtector());
        connection.RecordSyncSuccess("cursor-1", Now);
        connection.Disconnect(Now);

        Assert.True(connection.IsDisconnected);
        Assert.Null(connection.AccessToken);
        Assert.Null(connection.SyncCursor);
        Assert.Equal(Now, connection.DisconnectedAt);
        Assert.Null(connection.SyncLeaseUntil);
        Rule.Broken("connection.disconnected", () => connection.RecordSyncSuccess("c", Now));
        Rule.Broken("connection.disconnected", () => connection.RecordSyncFailure(ConnectionStatus.Error, "x"));

        connection.Disconnect(Now.AddDays(1));
        Assert.Equal(Now, connection.DisconnectedAt);
    }

    [Fact]
    public void Sync_outcomes_update_status_cursor_and_error()
    {
        var connection = Connect(new FakeSecretProtector());
        connection.RecordSyncFailure(ConnectionStatus.LoginRequired, "Please log in again");
        Assert.Equal(ConnectionStatus.LoginRequired, connection.Status);
        Assert.Equal("Please log in again", connection.LastError);

        connection.RecordSyncSuccess("cursor-2", Now);
        Assert.Equal(ConnectionStatus.Active, connection.Status);
        Assert.Null(connection.LastError);
        Assert.Equal("cursor-2", connection.SyncCursor);
        Assert.Equal(Now, connection.LastSyncedAt);

        Rule.Broken("connection.status", () => connection.RecordSyncFailure(ConnectionStatus.Disconnected, "no"));
    }
}
