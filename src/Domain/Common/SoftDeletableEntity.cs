namespace FinInfra.Domain.Common;

/// <summary>An owned, audited, soft-deletable aggregate root: accounts, budgets, goals and documents.</summary>
public abstract class SoftDeletableEntity : Entity, IAuditable, IOwnedByUser, ISoftDeletable, IVersioned
{
    protected SoftDeletableEntity() { }

    protected SoftDeletableEntity(Guid userId)
    {
        UserId = Guard.Owner(userId);
    }

    public Guid UserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? DeletedAt { get; private set; }
    public bool IsDeleted => DeletedAt is not null;
    public int Version { get; private set; }

    public void MarkDeleted(DateTimeOffset at) => DeletedAt ??= at;

    public void Restore() => DeletedAt = null;
}
