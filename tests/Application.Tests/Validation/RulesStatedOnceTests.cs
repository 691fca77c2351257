using FinInfra.Application.Analytics.GetCashFlow;
using FinInfra.Application.Analytics.GetSpending;
using FinInfra.Application.Auth.Register;
using FinInfra.Application.Budgets.CreateBudget;
using FinInfra.Application.Common.Time;
using FinInfra.Application.Documents.UploadDocument;
using FinInfra.Application.Goals.ContributeToGoal;
using FinInfra.Application.Goals.CreateGoal;
using FinInfra.Application.NetWorth.ListNetWorthSnapshots;
using FinInfra.Application.Transactions;
using FinInfra.Application.Transactions.ListTransactions;
using FinInfra.Domain.Budgets;
using FinInfra.Domain.Common;
using FinInfra.Domain.Documents;
using FinInfra.Domain.Goals;
using FluentValidation;

namespace FinInfra.Application.Tests.Validation;

/// <summary>
/// Each rule is stated once (ADR 0011): the aggregate holds it, and the request validator that answers it as a 400
/// uses the aggregate's limits and words. So for every rule a request alone can break, the validator refuses exactly
/// what the aggregate refuses, with the aggregate's message.
/// </summary>
public sealed class RulesStatedOnceTests
{
    private static readonly Guid UserId = Guid.CreateVersion7();
    private static readonly DateOnly Start = new(2026, 1, 1);

    private static CreateBudgetCommand Budget(string name = "Household", DateOnly? end = null, Dictionary<string, decimal>? categories = null) =>
        new(name, BudgetType.Monthly, Start, end, categories ?? new Dictionary<string, decimal> { ["Food"] = 5m });

    private static string? DomainRefusal(Action act)
    {
        try { act(); return null; }
        catch (DomainRuleException refused) { return refused.Message; }
    }

    private static List<string> ValidatorRefusals<T>(IValidator<T> validator, T request) =>
        validator.Validate(request).Errors.Select(e => e.ErrorMessage).ToList();

    public static TheoryData<string, CreateBudgetCommand> BadBudgets() => new()
    {
        { "end before start", Budget(end: Start.AddDays(-1)) },
        { "no category", Budget(categories: []) },
        { "too many categories", Budget(categories: Enumerable.Range(0, Domain.Budgets.Budget.MaxCategories + 1).ToDictionary(i => $"c{i}", _ => 1m)) },
        // "CAFE" + combining acute and "Café" share a category key (NFKC, case-folded) though no ordinal comparison says so.
        { "repeated category", Budget(categories: new() { ["Café"] = 1m, ["CAFE\u0301"] = 2m }) },
        { "zero limit", Budget(categories: new() { ["Food"] = 0m }) },
    };

    [Theory]
    [MemberData(nameof(BadBudgets))]
    public void A_budget_the_aggregate_refuses_is_refused_by_the_validator_in_the_same_words(string _, CreateBudgetCommand command)
    {
        var domain = DomainRefusal(() => Domain.Budgets.Budget.Create(UserId, command.Name, command.Type, command.StartDate, command.EndDate, command.Categories));
        Assert.NotNull(domain);
        Assert.Contains(domain, ValidatorRefusals(new CreateBudgetCommandValidator(), command));
    }

    [Fact]
    public void Budget_name_lengths_are_the_aggregates()
    {
        var longest = new string('n', Domain.Budgets.Budget.MaxNameLength);
        Assert.Empty(ValidatorRefusals(new CreateBudgetCommandValidator(), Budget(longest)));
        Assert.Null(DomainRefusal(() => Domain.Budgets.Budget.Create(UserId, longest, BudgetType.Monthly, Start, null, new Dictionary<string, decimal> { ["Food"] = 5m })));

        Assert.NotEmpty(ValidatorRefusals(new CreateBudgetCommandValidator(), Budget(longest + "n")));
        Assert.NotNull(DomainRefusal(() => Domain.Budgets.Budget.Create(UserId, longest + "n", BudgetType.Monthly, Start, null, new Dictionary<string, decimal> { ["Food"] = 5m })));

        var category = new string('c', Domain.Budgets.Budget.MaxCategoryNameLength + 1);
        Assert.NotEmpty(ValidatorRefusals(new CreateBudgetCommandValidator(), Budget(categories: new() { [category] = 1m })));
        Assert.NotNull(DomainRefusal(() => Domain.Budgets.Budget.Create(UserId, "B", BudgetType.Monthly, Start, null, new Dictionary<string, decimal> { [category] = 1m })));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(100, -1)]
    public void A_goal_the_aggregate_refuses_is_refused_by_the_validator_in_the_same_words(int target, int current)
    {
        var domain = DomainRefusal(() => Goal.Create(UserId, "G", target, current, Start, GoalPriority.Low));
        Assert.NotNull(domain);
        Assert.Contains(domain, ValidatorRefusals(new CreateGoalCommandValidator(), new CreateGoalCommand("G", target, current, Start, GoalPriority.Low)));
    }

    [Fact]
    public void Contribution_document_type_and_email_rules_are_the_domains()
    {
        Assert.Contains(DomainRefusal(() => Goal.ValidateContribution(0m)), ValidatorRefusals(new ContributeToGoalCommandValidator(), new ContributeToGoalCommand(Guid.NewGuid(), 0m)));
        Assert.Contains(DomainRefusal(() => Document.NormaliseType("no spaces!")),
            ValidatorRefusals(new UploadDocumentCommandValidator(), new UploadDocumentCommand(Stream.Null, "a.pdf", "no spaces!")));
        Assert.Contains(DomainRefusal(() => Email.Create("not-an-address")),
            ValidatorRefusals(new RegisterCommandValidator(), new RegisterCommand("not-an-address", "long enough password")));
        Assert.Empty(ValidatorRefusals(new CreateGoalCommandValidator(), new CreateGoalCommand(new string('g', Goal.MaxNameLength), 1m, 0m, Start, GoalPriority.Low)));
        Assert.NotEmpty(ValidatorRefusals(new CreateGoalCommandValidator(), new CreateGoalCommand(new string('g', Goal.MaxNameLength + 1), 1m, 0m, Start, GoalPriority.Low)));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private static readonly DateOnly Late = new(2026, 5, 1);
    private static readonly DateOnly Early = new(2026, 4, 1);
    private static readonly DateOnly TooEarly = Late.AddDays(-DateRange.MaxDays - 1);

    [Fact]
    public void Every_date_range_is_refused_under_one_key_in_the_same_words()
    {
        var failures = new[]
        {
            new GetCashFlowQueryValidator(Clock).Validate(new GetCashFlowQuery(Late, Early)),
            new GetSpendingQueryValidator(Clock).Validate(new GetSpendingQuery(Late, Early)),
            new ListNetWorthSnapshotsQueryValidator(Clock).Validate(new ListNetWorthSnapshotsQuery(Late, Early)),
            new ListTransactionsQueryValidator().Validate(new ListTransactionsQuery(new TransactionFilter(null, Late, Early, null, null, null))),
        };
        Assert.All(failures, f => Assert.Equal((DateRange.ErrorKey, DateRange.EndBeforeStartMessage), (Assert.Single(f.Errors).PropertyName, f.Errors[0].ErrorMessage)));

        var tooLong = new[]
        {
            new GetCashFlowQueryValidator(Clock).Validate(new GetCashFlowQuery(TooEarly, Late)),
            new GetSpendingQueryValidator(Clock).Validate(new GetSpendingQuery(TooEarly, Late)),
            new ListNetWorthSnapshotsQueryValidator(Clock).Validate(new ListNetWorthSnapshotsQuery(TooEarly, Late)),
            // One end left out: the default fills it in, and the bound still holds.
            new ListNetWorthSnapshotsQueryValidator(Clock).Validate(new ListNetWorthSnapshotsQuery(From: TooEarly.AddYears(-1))),
        };
        Assert.All(tooLong, f => Assert.Equal((DateRange.ErrorKey, DateRange.TooLongMessage), (Assert.Single(f.Errors).PropertyName, f.Errors[0].ErrorMessage)));

        // A transaction filter is paged, not bounded; the longest answer range is allowed.
        Assert.True(new ListTransactionsQueryValidator().Validate(new ListTransactionsQuery(new TransactionFilter(null, TooEarly, Late, null, null, null))).IsValid);
        Assert.True(new GetCashFlowQueryValidator(Clock).Validate(new GetCashFlowQuery(TooEarly.AddDays(1), Late)).IsValid);
    }

    [Fact]
    public void The_default_ranges_are_stated_once()
    {
        var today = new DateOnly(2026, 11, 26);
        Assert.Equal(new DateRange(new DateOnly(2025, 12, 1), today), DateRange.TwelveCalendarMonths(null, null, today));
        Assert.Equal(new DateRange(new DateOnly(2025, 11, 26), today), DateRange.PastYear(null, null, today));
        Assert.Equal(new DateRange(DateOnly.MinValue, new DateOnly(1, 3, 1)), DateRange.TwelveCalendarMonths(null, new DateOnly(1, 3, 1), today));
    }
}
