using Ardalis.Specification;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Time;
using FinInfra.Domain.NetWorth;
using FluentValidation;
using MapsterMapper;
using Mediator;

namespace FinInfra.Application.NetWorth.ListNetWorthSnapshots;

/// <summary>
/// The current user's snapshots with a date in [<paramref name="From"/>, <paramref name="To"/>], oldest first.
/// Defaults: the year up to today. At most one snapshot a day, so the range bound also bounds the list.
/// </summary>
public sealed record ListNetWorthSnapshotsQuery(DateOnly? From = null, DateOnly? To = null) : IQuery<IReadOnlyList<NetWorthDto>>;

internal sealed class ListNetWorthSnapshotsQueryValidator : AbstractValidator<ListNetWorthSnapshotsQuery>
{
    public const int MaxDays = 3660;

    public ListNetWorthSnapshotsQueryValidator()
    {
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null).WithMessage("'to' must be on or after 'from'.");
        RuleFor(q => q).Must(q => q.To!.Value.DayNumber - q.From!.Value.DayNumber <= MaxDays)
            .When(q => q.From is not null && q.To is not null)
            .WithName("to").WithMessage($"The range can span at most {MaxDays} days.");
    }
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
        var to = query.To ?? clock.Today();
        var from = query.From ?? (to.Year > 1 ? to.AddYears(-1) : DateOnly.MinValue);
        var list = await snapshots.ListAsync(new NetWorthSnapshotsByDateRangeSpec(from, to), cancellationToken);
        return mapper.Map<List<NetWorthDto>>(list);
    }
}
