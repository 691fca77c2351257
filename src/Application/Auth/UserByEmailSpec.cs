using Ardalis.Specification;
using FinInfra.Domain.Common;
using FinInfra.Domain.Users;

namespace FinInfra.Application.Auth;

/// <summary>The user with this (normalised) e-mail address. Only meaningful in a system scope.</summary>
public sealed class UserByEmailSpec : Specification<User>, ISingleResultSpecification<User>
{
    public UserByEmailSpec(Email email) => Query.Where(u => u.Email == email);
}
