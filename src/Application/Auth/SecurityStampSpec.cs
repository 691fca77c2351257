using Ardalis.Specification;
using FinInfra.Domain.Users;

namespace FinInfra.Application.Auth;

/// <summary>The user's current security stamp, read alone (the per-request token check needs nothing else).</summary>
public sealed class SecurityStampSpec : Specification<User, string>, ISingleResultSpecification<User, string>
{
    public SecurityStampSpec(Guid userId) => Query.Where(u => u.Id == userId).Select(u => u.SecurityStamp);
}
