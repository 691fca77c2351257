using FinInfra.Application.Common.Abstractions;
using FinInfra.Domain.Common;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.Common.Persistence;

/// <summary>A request about one aggregate, by id.</summary>
public interface IByIdRequest
{
    Guid Id { get; }
}

/// <summary>Reads one of the caller's aggregates and maps it.</summary>
public abstract class GetByIdHandler<TQuery, T, TDto>(IReadRepository<T> repository, IMapper mapper) : IQueryHandler<TQuery, TDto>
    where TQuery : IQuery<TDto>, IByIdRequest where T : Entity
{
    public async ValueTask<TDto> Handle(TQuery query, CancellationToken cancellationToken) =>
        mapper.Map<TDto>(await repository.GetOwnedAsync(query.Id, cancellationToken));
}

/// <summary>Soft-deletes one of the caller's aggregates (the persistence layer turns the delete into <c>deleted_at</c>).</summary>
public abstract class SoftDeleteHandler<TCommand, T>(IRepository<T> repository) : ICommandHandler<TCommand>
    where TCommand : ICommand, IByIdRequest where T : SoftDeletableEntity
{
    public async ValueTask<Unit> Handle(TCommand command, CancellationToken cancellationToken)
    {
        repository.Delete(await repository.GetOwnedAsync(command.Id, cancellationToken));
        return Unit.Value;
    }
}

/// <summary>Brings back a soft-deleted aggregate of the caller's; restoring one that is not deleted changes nothing.</summary>
public abstract class RestoreHandler<TCommand, T, TDto>(IRepository<T> repository, IMapper mapper) : ICommandHandler<TCommand, TDto>
    where TCommand : ICommand<TDto>, IByIdRequest where T : SoftDeletableEntity
{
    public async ValueTask<TDto> Handle(TCommand command, CancellationToken cancellationToken)
    {
        var entity = await repository.GetOwnedAsync(command.Id, cancellationToken, includeDeleted: true);
        if (entity.IsDeleted)
        {
            entity.Restore();
            repository.Update(entity);
        }
        return mapper.Map<TDto>(entity);
    }
}

/// <summary>Lists the caller's aggregates a page at a time, in creation order.</summary>
public abstract class ListPageHandler<TQuery, T, TDto>(IReadRepository<T> repository, IMapper mapper) : IQueryHandler<TQuery, Paging.Page<TDto>>
    where TQuery : IQuery<Paging.Page<TDto>>, IPageRequest where T : Entity
{
    public async ValueTask<Paging.Page<TDto>> Handle(TQuery query, CancellationToken cancellationToken)
    {
        var rows = await repository.ListAsync(Specification(query), cancellationToken);
        return Paging.PageLimits.ToPage(rows, query.Limit, mapper.Map<TDto>, r => Paging.Cursors.ForId(r.Id));
    }

    protected virtual Ardalis.Specification.ISpecification<T> Specification(TQuery query) =>
        new EntitiesPageSpec<T>(Paging.Cursors.IdOrNull(query.Cursor), query.Limit);
}

/// <summary>A request for one page: at most <see cref="Limit"/> items after <see cref="Cursor"/>.</summary>
public interface IPageRequest
{
    int Limit { get; }
    string? Cursor { get; }
}
