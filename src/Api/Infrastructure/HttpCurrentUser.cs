using System.Security.Claims;
using FinInfra.Application.Common.Abstractions;

namespace FinInfra.Api.Infrastructure;

/// <summary>The authenticated user of the current request, read from the bearer token's subject claim.</summary>
public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public Guid? UserId
    {
        get
        {
            var principal = accessor.HttpContext?.User;
            if (principal?.Identity?.IsAuthenticated != true) return null;
            var subject = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.FindFirstValue("sub");
            return Guid.TryParse(subject, out var id) ? id : null;
        }
    }
}
