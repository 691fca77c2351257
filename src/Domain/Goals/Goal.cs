using FinInfra.Domain.Common;

namespace FinInfra.Domain.Goals;

public enum GoalPriority { Low, Medium, High }

public sealed class Goal : SoftDeletableEntity
{
    private Goal() { Name = null!; }

    private Goal(Guid userId) : base(userId) { Name = null!; }

    // The goal rules a request can break, stated once: the aggregate enforces them whatever the source, and the
    // request validators (Application/Goals) answer them as a 400 with these same limits and words.
    public const int MaxNameLength = 255;
    public const string TargetNotPositiveMessage = "Target amount must be greater than zero.";
    public const string CurrentNegativeMessage = "Current amount cannot be negative.";
    public const string ContributionNotPositiveMessage = "A contribution must be greater than zero.";

    public static bool IsValidTarget(decimal targetAmount) => targetAmount > 0;

    public static bool IsValidCurrent(decimal currentAmount) => currentAmount >= 0;

    public static bool IsValidContribution(decimal amount) => amount > 0;

    /// <summary>What "achieved" means, for the goal and for its progress answer: what is saved has reached the target.</summary>
    public static bool Reaches(decimal currentAmount, decimal targetAmount) => currentAmount >= targetAmount;

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
        if (!IsValidTarget(targetAmount)) throw new DomainRuleException("goal.target_positive", TargetNotPositiveMessage);
        if (!IsValidCurrent(currentAmount)) throw new DomainRuleException("goal.current_negative", CurrentNegativeMessage);
        if (targetDate == default) throw new DomainRuleException("goal.target_date", "Target date is required.");
        if (!Enum.IsDefined(priority)) throw new DomainRuleException("goal.priority", "Unknown priority.");
        Name = Guard.Text(name, "goal.name", "Name", MaxNameLength);
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
        if (!IsValidContribution(amount)) throw new DomainRuleException("goal.contribution_positive", ContributionNotPositiveMessage);
        return Guard.Money(amount, "goal.contribution", "Contribution");
    }

    public void Contribute(decimal amount) =>
        CurrentAmount = Guard.Money(CurrentAmount + ValidateContribution(amount), "goal.current", "Current amount");

    public bool IsAchieved => Reaches(CurrentAmount, TargetAmount);

    public override string ToString() => $"Goal {Id}";
}
