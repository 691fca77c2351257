namespace FinInfra.Domain.Common;

/// <summary>Base for every aggregate root: an identity that is a version-7 UUID (index-friendly inserts).</summary>
public abstract class Entity
{
    protected Entity() => Id = UuidV7.New();

    public Guid Id { get; private set; }
}

/// <summary>Creation and modification instants, stamped by the persistence layer from <see cref="TimeProvider"/>.</summary>
public interface IAuditable
{
    DateTimeOffset CreatedAt { get; }
    DateTimeOffset UpdatedAt { get; }
}

/// <summary>A row that belongs to exactly one user.</summary>
public interface IOwnedByUser
{
    Guid UserId { get; }
}

/// <summary>A row that is hidden, not removed, when deleted; it can be restored.</summary>
public interface ISoftDeletable
{
    DateTimeOffset? DeletedAt { get; }
    void MarkDeleted(DateTimeOffset at);
    void Restore();
}

/// <summary>
/// An aggregate edited concurrently: <see cref="Version"/> is an optimistic-concurrency token that the persistence
/// layer increments on every update, so a stale write is refused instead of silently winning.
/// </summary>
public interface IVersioned
{
    int Version { get; }
}
