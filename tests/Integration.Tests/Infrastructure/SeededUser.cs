using FinInfra.Application.ExchangeRates;
using FinInfra.Domain.ExchangeRates;
using FinInfra.Infrastructure.ExchangeRates;
using FinInfra.Infrastructure.Persistence.ReadModels;
using FinInfra.Application.Analytics;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Common;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Repositories;

namespace FinInfra.Integration.Tests.Infrastructure;

/// <summary>
/// A user with a manual connection and crafted data (accounts, transactions, budgets, goals): rows are created through
/// the domain factories in a system-scope context; what is read back is computed in a context scoped to the user, as a
/// request would be.
/// </summary>
public sealed class SeededUser : IAsyncDisposable
{
    private readonly bool _ownsDatabase;
    private int _sequence;

    private SeededUser(TestDatabase database, Guid userId, Guid connectionId, bool ownsDatabase)
    {
        Database = database;
        UserId = userId;
        ConnectionId = connectionId;
        _ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }
    public Guid UserId { get; }
    public Guid ConnectionId { get; }

    public static async Task<SeededUser> CreateAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateMigratedAsync(provider);
        var (userId, connectionId) = await AddUserAsync(database, $"seeded-{Guid.NewGuid():N}@example.com");
        return new SeededUser(database, userId, connectionId, ownsDatabase: true);
    }

    /// <summary>Data for a user that already exists (registered through the API); the database stays the caller's.</summary>
    public static async Task<SeededUser> ForUserAsync(TestDatabase database, Guid userId)
    {
        var connection = BankConnection.CreateManual(userId, "Manual");
        await using var db = database.CreateContext(systemScope: true);
        db.BankConnections.Add(connection);
        await db.SaveChangesAsync();
        return new SeededUser(database, userId, connection.Id, ownsDatabase: false);
    }

    /// <summary>A service on <paramref name="provider"/> whose clock reads <paramref name="today"/>, a user signed in to it, and that user's data.</summary>
    public static async Task<(ApiFactory Api, ApiUser User, SeededUser Data)> SignedInAsync(DatabaseProvider provider, string today)
    {
        var api = await ApiFactory.CreateAsync(provider);
        api.Clock.Set(TestClock.On(today).GetUtcNow());
        var user = await api.CreateUserAsync();
        return (api, user, await ForUserAsync(api.Database, user.Id));
    }

    /// <summary>Another user with a manual connection, for ownership checks.</summary>
    public static async Task<(Guid UserId, Guid ConnectionId)> AddUserAsync(TestDatabase database, string email)
    {
        var user = User.Register(Email.Create(email), "pbkdf2-sha256$1$salt$hash");
        var connection = BankConnection.CreateManual(user.Id, "Manual");
        await using var db = database.CreateContext(systemScope: true);
        db.Users.Add(user);
        db.BankConnections.Add(connection);
        await db.SaveChangesAsync();
        return (user.Id, connection.Id);
    }

    public async Task<Account> AddAccountAsync(AccountType type, decimal balance, string currency = "USD", string? subtype = null, string? name = null)
    {
        var account = Account.OpenManual(UserId, ConnectionId, null, name ?? $"{type} {++_sequence}", type, subtype, balance, new CurrencyCode(currency));
        await AddAsync(account);
        return account;
    }

    public async Task AddTransactionsAsync(Account account, params (string Date, decimal Amount, string? Category, bool Pending)[] rows) =>
        await AddTransactionsAsync(account, TransactionKind.Standard, rows);

    /// <summary>Rows in the account's currency, of the given kind; returns them in order.</summary>
    public async Task<List<Transaction>> AddTransactionsAsync(Account account, TransactionKind kind, params (string Date, decimal Amount, string? Category, bool Pending)[] rows)
    {
        await using var db = SystemContext();
        var added = rows.Select(r => Transaction.Record(UserId, account.Id, $"t-{++_sequence}", r.Amount, DateOnly.Parse(r.Date), "Purchase", null, r.Category, r.Pending,
            account.Currency, kind)).ToList();
        db.Transactions.AddRange(added);
        await db.SaveChangesAsync();
        return added;
    }

    /// <summary>The answer currency service as a request of <paramref name="userId"/> has it.</summary>
    public AnswerCurrency AnswerCurrency(AppDbContext db, Guid? userId = null) =>
        new(new EfReadRepository<User>(db), new TestDatabase.FixedUser(userId ?? UserId));

    /// <summary>The one conversion service over this database's exchange_rates table (default window: 7 days).</summary>
    public static CurrencyConverter Converter(AppDbContext db, int maxAgeDays = 7) =>
        new(new ExchangeRateStore(db), new ExchangeRateSettings { MaxAgeDays = maxAgeDays });

    /// <summary>The money answers' flows (totals, converted through <see cref="Converter"/>) as a request sees them.</summary>
    public static AnswerFlows AnswerFlows(AppDbContext db) => new(new TransactionTotals(db), Converter(db));

    /// <summary>Stores a rate: on <paramref name="date"/>, 1 <paramref name="base"/> = <paramref name="rate"/> <paramref name="quote"/>.</summary>
    public async Task AddRateAsync(string @base, string quote, string date, decimal rate, string source = ExchangeRate.EcbSource)
    {
        await using var db = SystemContext();
        db.ExchangeRates.Add(ExchangeRate.Of(new CurrencyCode(@base), new CurrencyCode(quote), DateOnly.Parse(date), rate, source));
        await db.SaveChangesAsync();
    }

    public async Task SoftDeleteAsync(Account account)
    {
        await using var db = SystemContext();
        db.Attach(account);
        account.MarkDeleted(DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }

    public async Task AddAsync<T>(T entity, TimeProvider? clock = null) where T : class
    {
        await using var db = Database.CreateContext(systemScope: true, clock: clock);
        db.Add(entity);
        await db.SaveChangesAsync();
    }

    public AppDbContext SystemContext() => Database.CreateContext(systemScope: true);

    /// <summary>A context as a request of <see cref="UserId"/> sees the data.</summary>
    public AppDbContext UserContext(Guid? userId = null) => Database.CreateContext(userId: userId ?? UserId);

    public ValueTask DisposeAsync() => _ownsDatabase ? Database.DisposeAsync() : ValueTask.CompletedTask;
}
