using FinInfra.Application.Common.Abstractions;

namespace FinInfra.Benchmarks;

/// <summary>The signed-in user a benchmark's contexts act as (read when a query runs, so a benchmark may set it after building).</summary>
internal sealed class BenchUser(Func<Guid?> userId) : ICurrentUser
{
    public BenchUser(Guid userId) : this(() => userId) { }

    public Guid? UserId => userId();
}
