using Ardalis.Specification;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Time;
using FinInfra.Application.Common.Validation;
using FinInfra.Domain.NetWorth;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.NetWorth.ListNetWorthSnapshots;

/// <summary>
/// The current user's snapshots with a date in [<paramref name="From"/>, <paramref name="To"/>], oldest first.
/// Defaults: the year up to today (<see cref="DateRange.PastYear"/>). At most one snapshot a day, so the range bound
/// (<see cref="DateRange.MaxDays"/>, checked on the range with its defaults filled in) also bounds the list.
/// </summary>
public sealed record ListNetWorthSnapshotsQuery(DateOnly? From = null, DateOnly? To = null) : IQuery<IReadOnlyList<NetWorthDto>>
{
    public DateRange Range(TimeProvider clock) => DateRange.PastYear(From, To, clock.Today());
}

internal sealed class ListNetWorthSnapshotsQueryValidator : AbstractValidator<ListNetWorthSnapshotsQuery>
{
    public ListNetWorthSnapshotsQueryValidator(TimeProvider clock) =>
        RuleFor(q => q).ValidDateRange(q => q.Range(clock), bounded: true);
}

public sealed class NetWorthSnapshotsByDateRangeSpec : Specification<NetWorthSnapshot>
{
    public NetWorthSnapshotsByDateRangeSpec(DateOnly from, DateOnly to) =>
        Query.Where(s => s.SnapshotDate >= from && s.SnapshotDate <= to).OrderBy(s => s.SnapshotDate);
}

public sealed class ListNetWorthSnapshotsQueryHandler(IReadRepository<NetWorthSnapshot> snapshots, TimeProvider clock, IMapper mapper)
    : IQueryHandler<ListNetWorthSnapshotsQuery, IReadOnlyList<NetWorthDto>>
{
    public async ValueTask<IReadOnlyList<NetWorthDto>> Handle(ListNetWorthSnapshotsQuery query, CancellationToken cancellationToken)
    {
        var (from, to) = query.Range(clock);
        var list = await snapshots.ListAsync(new NetWorthSnapshotsByDateRangeSpec(from, to), cancellationToken);
        return mapper.Map<List<NetWorthDto>>(list);
    }
}
