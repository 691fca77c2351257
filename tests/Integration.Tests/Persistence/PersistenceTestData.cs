using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Budgets;
using FinInfra.Domain.Common;
using FinInfra.Domain.Documents;
using FinInfra.Domain.Goals;
using FinInfra.Domain.NetWorth;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure.Security;
using FinInfra.Integration.Tests.Infrastructure;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>Builds one user's rows in every table, saved in a system scope.</summary>
internal sealed class PersistenceTestData
{
    public const string PlainToken = "access-sandbox-0f3c-plaintext-token";

    public static AesGcmSecretProtector Protector(string keyId = "k1", byte fill = 7) =>
        new(new EncryptionKeyRing(new Dictionary<string, byte[]> { [keyId] = Enumerable.Repeat(fill, 32).ToArray() }, keyId));

    public required User User { get; init; }
    public required BankConnection Connection { get; init; }
    public required Account Checking { get; init; }
    public required Account Card { get; init; }
    public required Budget Budget { get; init; }
    public required Goal Goal { get; init; }
    public required NetWorthSnapshot Snapshot { get; init; }
    public required Document Document { get; init; }
    public required IReadOnlyList<Transaction> Transactions { get; init; }

    public static async Task<PersistenceTestData> SeedAsync(TestDatabase database, string email, ISecretProtector? protector = null, TimeProvider? clock = null)
    {
        var user = User.Register(Email.Create(email), "pbkdf2-sha256$1$c2FsdA==$aGFzaA==");
        var connection = BankConnection.Connect(user.Id, BankProvider.Sandbox, $"item-{Guid.NewGuid():N}", "Sandbox Bank", PlainToken, protector ?? Protector());
        var checking = Account.FromProvider(user.Id, connection.Id, "acc-checking", "Checking", AccountType.Depository, "checking", 1234.5678m, CurrencyCode.Usd);
        var card = Account.FromProvider(user.Id, connection.Id, "acc-card", "Card", AccountType.Credit, "credit card", 300m, CurrencyCode.Usd);
        var day = new DateOnly(2026, 3, 15);
        Transaction[] transactions =
        [
            Transaction.Record(user.Id, checking.Id, "t1", -12.34m, day, "Coffee", "Cafe", "Food", false),
            Transaction.Record(user.Id, checking.Id, "t2", 2500m, day, "Salary", null, "Income", false),
            Transaction.Record(user.Id, card.Id, "t3", -99.99m, day, "Shoes", "Shop", "Shopping", true),
        ];
        var budget = Budget.Create(user.Id, "Monthly", BudgetType.Monthly, new DateOnly(2026, 3, 1), null, new Dictionary<string, decimal> { ["Food"] = 500m });
        var goal = Goal.Create(user.Id, "Holiday", 2000m, 100m, new DateOnly(2027, 1, 1), GoalPriority.Medium);
        var snapshot = NetWorthSnapshot.Take(user.Id, day, CurrencyCode.Usd,
            new Dictionary<string, decimal> { ["depository"] = 1234.5678m }, new Dictionary<string, decimal> { ["credit"] = 300m });
        var document = Document.Create(user.Id, "w2.pdf", "w2", $"users/{user.Id:N}/{Guid.NewGuid():N}", "application/pdf", 10, new string('a', 64), extractable: true);

        await using var db = database.CreateContext(systemScope: true, clock: clock);
        db.AddRange(user, connection, checking, card, budget, goal, snapshot, document);
        db.AddRange(transactions);
        await db.SaveChangesAsync();
        return new PersistenceTestData
        {
            User = user, Connection = connection, Checking = checking, Card = card, Budget = budget, Goal = goal,
            Snapshot = snapshot, Document = document, Transactions = transactions,
        };
    }
}
