using FinInfra.Domain.Goals;
using FinInfra.Domain.Tests.Common;

namespace FinInfra.Domain.Tests.Goals;

public sealed class GoalTests
{
    private static readonly Guid UserId = Guid.CreateVersion7();
    private static readonly DateOnly Target = new(2027, 6, 30);

    private static Goal Create(decimal target = 1000m, decimal current = 0m) =>
        Goal.Create(UserId, "Emergency fund", target, current, Target, GoalPriority.High);

    [Fact]
    public void Create_keeps_the_figures()
    {
        var goal = Create(1000m, 250m);
        Assert.Equal(1000m, goal.TargetAmount);
        Assert.Equal(250m, goal.CurrentAmount);
        Assert.Equal(GoalPriority.High, goal.Priority);
        Assert.False(goal.IsAchieved);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Target_must_be_positive(int target) => Rule.Broken("goal.target_positive", () => Create(target));

    [Fact]
    public void Current_amount_cannot_be_negative()
    {
        Assert.Equal(0m, Create(current: 0m).CurrentAmount);
        Rule.Broken("goal.current_negative", () => Create(current: -0.01m));
    }

    [Fact]
    public void Date_priority_and_name_are_checked()
    {
        Rule.Broken("goal.target_date", () => Goal.Create(UserId, "G", 1m, 0m, default, GoalPriority.Low));
        Rule.Broken("goal.priority", () => Goal.Create(UserId, "G", 1m, 0m, Target, (GoalPriority)7));
        Rule.Broken("goal.name", () => Goal.Create(UserId, " ", 1m, 0m, Target, GoalPriority.Low));
        Rule.Broken("owner.required", () => Goal.Create(Guid.Empty, "G", 1m, 0m, Target, GoalPriority.Low));
    }

    [Fact]
    public void Contributions_add_up_exactly_and_can_reach_the_target()
    {
        var goal = Create(1m);
        goal.Contribute(0.1m);
        goal.Contribute(0.2m);
        Assert.Equal(0.3m, goal.CurrentAmount);
        goal.Contribute(0.7m);
        Assert.True(goal.IsAchieved);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-10")]
    [InlineData("0.00001")]
    public void Contributions_must_be_positive_money(string amount)
    {
        var goal = Create();
        Assert.Throws<FinInfra.Domain.Common.DomainRuleException>(() => goal.Contribute(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(0m, goal.CurrentAmount);
    }

    [Fact]
    public void ValidateContribution_names_the_rule() => Rule.Broken("goal.contribution_positive", () => Goal.ValidateContribution(0m));

    [Fact]
    public void Achieved_means_the_saved_amount_has_reached_the_target()
    {
        Assert.True(Goal.Reaches(100m, 100m));
        Assert.True(Goal.Reaches(100.01m, 100m));
        Assert.False(Goal.Reaches(99.9999m, 100m));
        Assert.Equal(Goal.Reaches(250m, 1000m), Create(1000m, 250m).IsAchieved);
    }
}
