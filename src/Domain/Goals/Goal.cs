using FinInfra.Domain.Common;

namespace FinInfra.Domain.Goals;

public enum GoalPriority { Low, Medium, High }

public sealed class Goal : SoftDeletableEntity
{
    private Goal() { Name = null!; }

    private Goal(Guid userId) : base(userId) { Name = null!; }

    public string Name { get; private set; }
    public decimal TargetAmount { get; private set; }
    public decimal CurrentAmount { get; private set; }
    public DateOnly TargetDate { get; private set; }
    public GoalPriority Priority { get; private set; }

    public static Goal Create(Guid userId, string name, decimal targetAmount, decimal currentAmount, DateOnly targetDate, GoalPriority priority)
    {
        var goal = new Goal(userId);
        goal.Update(name, targetAmount, currentAmount, targetDate, priority);
        return goal;
    }

    public void Update(string name, decimal targetAmount, decimal currentAmount, DateOnly targetDate, GoalPriority priority)
    {
        if (targetAmount <= 0) throw new DomainRuleException("goal.target_positive", "Target amount must be greater than zero.");
        if (currentAmount < 0) throw new DomainRuleException("goal.current_negative", "Current amount cannot be negative.");
        if (targetDate == default) throw new DomainRuleException("goal.target_date", "Target date is required.");
        if (!Enum.IsDefined(priority)) throw new DomainRuleException("goal.priority", "Unknown priority.");
        Name = Guard.Text(name, "goal.name", "Name");
        TargetAmount = Guard.Money(targetAmount, "goal.target", "Target amount");
        CurrentAmount = Guard.Money(currentAmount, "goal.current", "Current amount");
        TargetDate = targetDate;
        Priority = priority;
    }

    /// <summary>
    /// Checks a contribution against the rules. Persistence applies accepted contributions as an atomic
    /// increment so that two arriving at once are both kept.
    /// </summary>
    public static decimal ValidateContribution(decimal amount)
    {
        if (amount <= 0) throw new DomainRuleException("goal.contribution_positive", "A contribution must be greater than zero.");
        return Guard.Money(amount, "goal.contribution", "Contribution");
    }

    public void Contribute(decimal amount) =>
        CurrentAmount = Guard.Money(CurrentAmount + ValidateContribution(amount), "goal.current", "Current amount");

    public bool IsAchieved => CurrentAmount >= TargetAmount;

    public override string ToString() => $"Goal {Id}";
}
