using Ardalis.Specification;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Common.Exceptions;
using FinInfra.Application.Goals;
using FinInfra.Application.Goals.ContributeToGoal;
using FinInfra.Domain.Common;
using FinInfra.Domain.Goals;
using NSubstitute;

namespace FinInfra.Application.Tests.Goals;

public sealed class ContributeToGoalCommandHandlerTests
{
    private readonly IGoalContributions _contributions = Substitute.For<IGoalContributions>();
    private readonly IReadRepository<Goal> _goals = Substitute.For<IReadRepository<Goal>>();
    private readonly Goal _goal = Goal.Create(Guid.CreateVersion7(), "Car", 1000m, 100m, new DateOnly(2027, 1, 1), GoalPriority.High);

    private ContributeToGoalCommandHandler Handler() => new(_contributions, _goals, TestMapping.Mapper);

    [Fact]
    public async Task Handle_AppliesTheContributionAsOneAtomicIncrement()
    {
        _goals.FirstOrDefaultAsync(Arg.Any<ISpecification<Goal>>(), Arg.Any<CancellationToken>()).Returns(_goal);
        _contributions.AddAsync(_goal.Id, 25.5m, Arg.Any<CancellationToken>()).Returns(true);

        var dto = await Handler().Handle(new ContributeToGoalCommand(_goal.Id, 25.5m), CancellationToken.None);

        Assert.Equal(_goal.Id, dto.Id);
        await _contributions.Received(1).AddAsync(_goal.Id, 25.5m, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenTheGoalIsNotVisible_ThrowsNotFoundWithoutWriting()
    {
        _goals.FirstOrDefaultAsync(Arg.Any<ISpecification<Goal>>(), Arg.Any<CancellationToken>()).Returns((Goal?)null);

        await Assert.ThrowsAsync<NotFoundException>(() => Handler().Handle(new ContributeToGoalCommand(Guid.CreateVersion7(), 5m), CancellationToken.None).AsTask());

        await _contributions.DidNotReceive().AddAsync(Arg.Any<Guid>(), Arg.Any<decimal>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenTheAmountIsNotPositive_BreaksTheRuleWithoutWriting()
    {
        _goals.FirstOrDefaultAsync(Arg.Any<ISpecification<Goal>>(), Arg.Any<CancellationToken>()).Returns(_goal);

        await Assert.ThrowsAsync<DomainRuleException>(() => Handler().Handle(new ContributeToGoalCommand(_goal.Id, -1m), CancellationToken.None).AsTask());

        await _contributions.DidNotReceive().AddAsync(Arg.Any<Guid>(), Arg.Any<decimal>(), Arg.Any<CancellationToken>());
    }
}
