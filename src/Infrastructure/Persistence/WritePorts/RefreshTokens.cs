using FinInfra.Application.Auth;
using FinInfra.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Infrastructure.Persistence.WritePorts;

/// <summary>
/// Refresh tokens through conditional single-statement updates: <c>UPDATE … WHERE consumed_at IS NULL</c> lets
/// exactly one of two racing requests (on any instance) spend a token. The caller is anonymous when a token is
/// looked up or stored, so these ignore the per-user filter and write as the token's owner.
/// </summary>
public sealed class RefreshTokens(AppDbContext db) : IRefreshTokens
{
    private IQueryable<RefreshToken> All => db.Set<RefreshToken>().IgnoreQueryFilters([QueryFilters.Owner]);

    public Task<RefreshToken?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken) =>
        All.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == tokenHash, cancellationToken);

    public async Task<bool> TryConsumeAsync(Guid tokenId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await All.Where(t => t.Id == tokenId && t.ConsumedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.ConsumedAt, at), cancellationToken) == 1;

    public Task RevokeFamilyAsync(Guid familyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        All.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, at), cancellationToken);

    public Task RevokeAllAsync(Guid userId, DateTimeOffset at, CancellationToken cancellationToken) =>
        All.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, at), cancellationToken);

    public async Task AddAsync(RefreshToken token, CancellationToken cancellationToken)
    {
        using (db.Scope.BeginUserScope(token.UserId))
        {
            db.Set<RefreshToken>().Add(token);
            // Saved here, not at the use case's commit: the caller is anonymous, and the owner check runs at the save.
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
