namespace FinInfra.Application.BankSync;

/// <summary>What one sync changed: rows inserted, updated and deleted, and the connection's active accounts afterwards.</summary>
public sealed record SyncResult(int Added, int Modified, int Removed, int Accounts);
