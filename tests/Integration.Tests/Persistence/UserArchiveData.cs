using System.Text.Json;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Budgets;
using FinInfra.Domain.Common;
using FinInfra.Domain.Documents;
using FinInfra.Domain.Goals;
using FinInfra.Domain.NetWorth;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure.Documents;
using FinInfra.Integration.Tests.Infrastructure;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>
/// One user with rows in every table the archive holds, and in the ones it must leave out (a session), with the values
/// that break a careless copy: money at four decimals and near the column's limit, emoji, instants to the microsecond,
/// user edits beside their source values, a transfer pair, soft-deleted rows, JSON columns, document files.
/// </summary>
internal sealed class UserArchiveData
{
    public const string PlainToken = PersistenceTestData.PlainToken;

    /// <summary>Every instant is whole microseconds: what PostgreSQL and MariaDB keep (SQLite keeps more).</summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 15, 10, 20, 30, TimeSpan.Zero).AddTicks(1_234_560);

    public static readonly CurrencyCode Eur = new("EUR");

    public required User User { get; init; }
    public required BankConnection Sandbox { get; init; }
    public required string TokenCiphertext { get; init; }
    public required string RefreshTokenHash { get; init; }
    public required IReadOnlyDictionary<Guid, byte[]> Files { get; init; }

    public static async Task<UserArchiveData> SeedAsync(TestDatabase database, string email, string storageRoot)
    {
        var clock = new TestClock(Start);
        var storage = new LocalDiskDocumentStorage(new DocumentStorageSettings(storageRoot));
        var user = User.Register(Email.Create(email), "pbkdf2-sha256$1$c2FsdA==$aGFzaA==");
        user.SetBaseCurrency(Eur);

        var sandbox = BankConnection.Connect(user.Id, BankProvider.Sandbox, $"item-{Guid.NewGuid():N}", "Sandbox Bank 🏦", PlainToken, PersistenceTestData.Protector());
        sandbox.RecordSyncSuccess("cursor-42", Start.AddMinutes(-5));
        var manual = BankConnection.CreateManual(user.Id, "Wallet");
        var gone = BankConnection.Connect(user.Id, BankProvider.Plaid, $"item-{Guid.NewGuid():N}", "Old Bank", "access-plaid-old", PersistenceTestData.Protector());
        gone.Disconnect(Start.AddDays(-1));

        var checking = Account.FromProvider(user.Id, sandbox.Id, "acc-checking", "Checking 💶", AccountType.Depository, "checking", 1234.5678m, Eur);
        var card = Account.FromProvider(user.Id, sandbox.Id, "acc-card", "Card", AccountType.Credit, "credit card", 300.0001m, Eur);
        var cash = Account.OpenManual(user.Id, manual.Id, null, "Cash", AccountType.Other, null, 123456789012345.6789m, Eur);
        var cashValued = AccountValuation.Record(cash, new DateOnly(2026, 3, 1), 123456789012345.6789m);
        var old = Account.FromProvider(user.Id, gone.Id, "acc-old", "Old savings", AccountType.Depository, "savings", 0.0001m, CurrencyCode.Usd);
        old.Unlink();
        old.Close(Start.AddDays(-30));
        old.MarkDeleted(Start.AddDays(-2));

        var day = new DateOnly(2026, 3, 14);
        var coffee = Transaction.Record(user.Id, checking.Id, "t-coffee", -12.3456m, day, "COFFEE 123", "Cafe", "Food", false, Eur, source: TransactionSource.Provider);
        coffee.Edit("Morning coffee", "Café ☕", "Treats", note: "with Bob");
        coffee.Apply(-12.3456m, day, "COFFEE SHOP 123", "Cafe SA", "Food and drink", false, Eur);
        var payment = Transaction.Record(user.Id, checking.Id, "t-pay", -300.0001m, day, "Card payment", null, null, false, Eur, source: TransactionSource.Provider);
        var paid = Transaction.Record(user.Id, card.Id, "t-paid", 300.0001m, day, "Payment received", null, null, false, Eur, source: TransactionSource.Provider);
        Transaction.Pair(payment, paid, TransactionKind.Payment, byUser: true);
        var pending = Transaction.Record(user.Id, card.Id, "t-pending", -99.99m, day.AddDays(1), "Shoes", "Shop", "Shopping", true, Eur, TransactionKind.Excluded);
        var tiny = Transaction.Record(user.Id, cash.Id, "cash-1", 0.0001m, day, "Found a coin", null, null, false, Eur);
        var deleted = Transaction.Record(user.Id, old.Id, "t-old", -1m, day.AddYears(-1), "Fee", null, "Fees", false, CurrencyCode.Usd);

        var budget = Budget.Create(user.Id, "Monthly", BudgetType.Monthly, new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31),
            new Dictionary<string, decimal> { ["Food"] = 500.1234m, ["Treats"] = 0.0001m, ["Rent"] = 1200m });
        var dropped = Budget.Create(user.Id, "Old plan", BudgetType.Annual, new DateOnly(2025, 1, 1), null, new Dictionary<string, decimal> { ["Travel"] = 1m });
        dropped.MarkDeleted(Start.AddDays(-3));
        var goal = Goal.Create(user.Id, "Holiday 🌴", 2000m, 100m, new DateOnly(2027, 1, 1), GoalPriority.High);
        goal.Contribute(25.5025m);
        goal.Contribute(0.0001m);
        var snapshot = NetWorthSnapshot.Take(user.Id, day, Eur,
            new Dictionary<string, decimal> { ["depository"] = 1234.5678m, ["other"] = 123456789012345.6789m },
            new Dictionary<string, decimal> { ["credit"] = 300.0001m }, [old.Id]);

        var files = new Dictionary<Guid, byte[]>();
        async Task<Document> StoreAsync(string filename, string type, string contentType, byte[] bytes)
        {
            var key = $"{user.Id:N}/{Guid.NewGuid():N}";
            await using var staged = await storage.StageAsync(new MemoryStream(bytes), long.MaxValue, CancellationToken.None);
            await staged.CommitAsync(key, CancellationToken.None);
            var document = Document.Create(user.Id, filename, type, key, contentType, staged.Length, staged.Sha256, extractable: true);
            files[document.Id] = bytes;
            return document;
        }
        var w2 = await StoreAsync("W2 2025 é.pdf", "w2", "application/pdf", [.. "%PDF-1.7 wages 85000.1234"u8, .. Enumerable.Range(0, 4000).Select(i => (byte)(i * 31))]);
        w2.RecordExtraction(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["employer"] = "Acme ✓",
            ["wages"] = 85000.1234m,
            ["boxes"] = new { box1 = 85000.1234m, box2 = new[] { 1, 2 } },
        }));
        var receipt = await StoreAsync("receipt.png", "receipt", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);
        var shredded = await StoreAsync("old.csv", "statement", "text/csv", "date,amount\n2025-01-02,-1.00\n"u8.ToArray());
        shredded.MarkDeleted(Start.AddDays(-1));

        var refreshHash = new string('c', 64);
        var session = RefreshToken.Issue(user.Id, Guid.NewGuid(), refreshHash, Start, Start.AddDays(30));

        await using (var db = database.CreateContext(systemScope: true, clock: clock))
        {
            db.AddRange(user, sandbox, manual, gone, checking, card, cash, cashValued, old, budget, dropped, goal, snapshot, w2, receipt, shredded, session);
            // A worker of this installation holds the receipt's extraction.
            db.Entry(receipt).Property(d => d.ExtractionLeaseUntil).CurrentValue = Start.AddMinutes(5);
            db.Entry(sandbox).Property(c => c.SyncLeaseUntil).CurrentValue = Start.AddMinutes(2);
            await db.SaveChangesAsync();
        }
        clock.Advance(TimeSpan.FromTicks(15_000_010)); // 1.500001 s later: created_at differs from the first batch
        await using (var db = database.CreateContext(systemScope: true, clock: clock))
        {
            db.AddRange(coffee, payment, paid, pending, tiny, deleted);
            await db.SaveChangesAsync();
        }
        return new UserArchiveData
        {
            User = user, Sandbox = sandbox, TokenCiphertext = sandbox.AccessToken!.StoredValue, RefreshTokenHash = refreshHash, Files = files,
        };
    }
}
