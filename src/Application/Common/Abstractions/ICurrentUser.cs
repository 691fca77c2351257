namespace FinInfra.Application.Common.Abstractions;

/// <summary>
/// Who is asking. Every read and write of user-owned data is scoped by <see cref="UserId"/> in the persistence
/// layer (a global query filter), so a handler cannot forget to scope a query.
/// </summary>
public interface ICurrentUser
{
    /// <summary>The authenticated user's id, or null when nobody is authenticated.</summary>
    Guid? UserId { get; }

    /// <summary>The authenticated user's id; throws <see cref="Exceptions.UnauthorizedException"/> when nobody is.</summary>
    Guid RequiredUserId => UserId ?? throw new Exceptions.UnauthorizedException();
}

/// <summary>
/// Lets trusted, non-request code (the db commands, the sync scheduler, login) act outside a user's scope,
/// or on behalf of one user. Request handlers never use it.
/// </summary>
public interface IDataScope
{
    /// <summary>True when queries are not limited to one user.</summary>
    bool IsSystem { get; }

    /// <summary>Lifts the per-user filter until the returned handle is disposed.</summary>
    IDisposable BeginSystemScope();

    /// <summary>Acts as <paramref name="userId"/> until the returned handle is disposed.</summary>
    IDisposable BeginUserScope(Guid userId);
}
