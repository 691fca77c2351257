namespace FinInfra.Application.BankSync;

/// <summary>
/// Records a sync could not store, by kind of record (<c>account</c> or <c>transaction</c>) and reason (the broken
/// rule's name, e.g. <c>currency.invalid</c>), with how many. Never a record's contents.
/// </summary>
public sealed record SkippedRecordsDto(string Record, string Reason, int Count);

/// <summary>
/// What one sync changed: rows inserted, updated and deleted, the connection's open accounts afterwards, and what it
/// had to skip (the rest was stored).
/// </summary>
public sealed record SyncResult(int Added, int Modified, int Removed, int Accounts, IReadOnlyList<SkippedRecordsDto> Skipped)
{
    public SyncResult(int added, int modified, int removed, int accounts) : this(added, modified, removed, accounts, []) { }

    /// <summary>By value, the skipped list included (a record compares a list by reference).</summary>
    public bool Equals(SyncResult? other) =>
        other is not null && (Added, Modified, Removed, Accounts) == (other.Added, other.Modified, other.Removed, other.Accounts) && Skipped.SequenceEqual(other.Skipped);

    public override int GetHashCode() => HashCode.Combine(Added, Modified, Removed, Accounts, Skipped.Count);
}
