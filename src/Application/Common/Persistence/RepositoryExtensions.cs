using Ardalis.Specification;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Domain.Common;

namespace FinInfra.Application.Common.Persistence;

public static class RepositoryExtensions
{
    /// <summary>The caller's aggregate with this id; 404 when it does not exist, is deleted, or is someone else's.</summary>
    public static async Task<T> GetOwnedAsync<T>(this IReadRepositoryBase<T> repository, Guid id, CancellationToken cancellationToken, bool includeDeleted = false)
        where T : Entity =>
        await repository.FirstOrDefaultAsync(new EntityByIdSpec<T>(id, includeDeleted), cancellationToken)
        ?? throw new NotFoundException(ResourceName<T>(), id);

    public static string ResourceName<T>() => typeof(T).Name switch
    {
        "BankConnection" => "Bank connection",
        var name => name,
    };
}
