using System.Security.Cryptography;
using System.Text;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Budgets;
using FinInfra.Domain.Common;
using FinInfra.Domain.Documents;
using FinInfra.Domain.Goals;
using FinInfra.Domain.NetWorth;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;

namespace FinInfra.Infrastructure.Persistence.Cli;

/// <summary>
/// The demo user <c>db seed</c> creates: a manual connection holding one account of every type, a month of
/// transactions, a monthly budget, a goal, today's net-worth snapshot and a document record. Manual, so the
/// sync scheduler never tries to reach a provider for it.
/// </summary>
public static class DemoData
{
    public const string Email = "demo@fininfra.dev";

    /// <summary>Development only (seeding is refused elsewhere unless forced): documented in docs/database.md.</summary>
    public const string Password = "fininfra-demo";

    public sealed record Seed(IReadOnlyList<object> Rows, string Summary);

    public static Seed Create(string hashedPassword, DateOnly today)
    {
        var user = User.Register(Domain.Common.Email.Create(Email), hashedPassword);
        var connection = BankConnection.CreateManual(user.Id, "Demo Bank");
        var usd = CurrencyCode.Usd;
        Account Open(string name, AccountType type, string subtype, decimal balance) =>
            Account.OpenManual(user.Id, connection.Id, null, name, type, subtype, balance, usd);

        var checking = Open("Everyday Checking", AccountType.Depository, "checking", 2_450.75m);
        var savings = Open("Rainy Day Savings", AccountType.Depository, "savings", 10_000m);
        var brokerage = Open("Index Fund Brokerage", AccountType.Investment, "brokerage", 25_300.10m);
        var card = Open("Cashback Card", AccountType.Credit, "credit card", 1_215.40m);
        var mortgage = Open("Home Mortgage", AccountType.Loan, "mortgage", 182_000m);
        Account[] accounts = [checking, savings, brokerage, card, mortgage];

        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var n = 0;
        Transaction Spend(Account account, int day, decimal amount, string name, string? merchant, string category, bool pending = false) =>
            Transaction.Record(user.Id, account.Id, $"demo-{++n:D3}", amount, monthStart.AddDays(Math.Min(day, today.Day) - 1), name, merchant, category, pending);

        Transaction[] transactions =
        [
            Spend(checking, 1, 4_200m, "Payroll deposit", "Acme Corp", "Income"),
            Spend(checking, 2, -1_650m, "Rent", null, "Housing"),
            Spend(card, 3, -82.17m, "Groceries", "Green Market", "Food"),
            Spend(card, 5, -46.90m, "Dinner", "Luigi's", "Food"),
            Spend(card, 6, -38.25m, "Fuel", "Shell", "Transport"),
            Spend(checking, 8, -120m, "Transit pass", "City Transit", "Transport"),
            Spend(card, 9, 12.50m, "Refund", "Green Market", "Food"),
            Spend(card, 10, -64.33m, "Groceries", "Green Market", "Food", pending: true),
        ];

        var budget = Budget.Create(user.Id, "Monthly spending", BudgetType.Monthly, monthStart, null,
            new Dictionary<string, decimal> { ["Food"] = 500m, ["Transport"] = 200m });
        var goal = Goal.Create(user.Id, "Emergency fund", 15_000m, 10_000m, today.AddYears(1), GoalPriority.High);

        var assets = accounts.Where(a => a.Classification == AccountClassification.Asset)
            .GroupBy(a => TypeKey(a.Type)).ToDictionary(g => g.Key, g => g.Sum(a => a.Balance));
        var liabilities = accounts.Where(a => a.Classification == AccountClassification.Liability)
            .GroupBy(a => TypeKey(a.Type)).ToDictionary(g => g.Key, g => g.Sum(a => a.Balance));
        var snapshot = NetWorthSnapshot.Take(user.Id, today, usd, assets, liabilities);

        var content = Encoding.UTF8.GetBytes("demo w-2");
        var document = Document.Create(user.Id, "w2-demo.pdf", "w2", $"seed/{user.Id:N}/w2-demo.pdf", "application/pdf",
            content.Length, Convert.ToHexStringLower(SHA256.HashData(content)), extractable: false);

        object[] rows = [user, connection, .. accounts, .. transactions, budget, goal, snapshot, document];
        var summary = $"{accounts.Length} accounts, {transactions.Length} transactions, 1 budget, 1 goal, 1 net-worth snapshot " +
                      $"(net worth {snapshot.NetWorth:0.00} USD) and 1 document record";
        return new Seed(rows, summary);
    }

    private static string TypeKey(AccountType type) => type.ToString().ToLowerInvariant();
}
