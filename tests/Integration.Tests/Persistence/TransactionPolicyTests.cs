using System.Collections.Concurrent;
using System.Diagnostics;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Security;
using FinInfra.Integration.Tests.Api;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>
/// The commit has one owner and the transaction policy is an explicit opt-in: a command saves once, an
/// <see cref="ITransactional"/> one inside one transaction, and password hashing never runs inside a transaction.
/// </summary>
public sealed class TransactionPolicyTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Creating_a_budget_saves_once_inside_one_transaction(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();
        using var events = DatabaseEvents.For(api.Database.Settings.ConnectionString);

        await user.CreateBudgetAsync();

        Assert.Equal(["transaction started", "save", "transaction committed"], events.Lines);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Register_and_login_hash_the_password_with_no_transaction_open(DatabaseProvider provider)
    {
        DatabaseEvents? events = null;
        var hasher = new ProbeHasher(line => events?.Add(line));
        await using var api = await ApiFactory.CreateAsync(provider, services: s => s.AddSingleton<IPasswordHasher>(hasher));
        events = DatabaseEvents.For(api.Database.Settings.ConnectionString);
        using var _ = events;

        await api.CreateUserAsync();

        Assert.Contains("hash", events.Lines);
        Assert.Contains("verify", events.Lines);
        // A save may open a transaction of its own around its statements (MySQL's provider does for every save; the
        // others only for a multi-statement save): what must hold is that no hash runs while one is open.
        Assert.Empty(HashingInsideTransactions(events.Lines));
    }

    private static List<string> HashingInsideTransactions(IReadOnlyList<string> lines)
    {
        var open = 0;
        var inside = new List<string>();
        foreach (var line in lines)
        {
            if (line == "transaction started") open++;
            else if (line is "transaction committed" or "transaction rolled back") open--;
            else if (line is "hash" or "verify" && open > 0) inside.Add(line);
        }
        return inside;
    }

    private sealed class ProbeHasher(Action<string> record) : IPasswordHasher
    {
        private readonly Pbkdf2PasswordHasher _inner = new(iterations: 1_000);

        public string Hash(string password)
        {
            record("hash");
            return _inner.Hash(password);
        }

        public bool Verify(string password, string hash)
        {
            record("verify");
            return _inner.Verify(password, hash);
        }
    }

    /// <summary>Transactions and saves on one database, in order, from EF Core's diagnostic events.</summary>
    private sealed class DatabaseEvents : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _connectionString;
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly List<IDisposable> _subscriptions = [];

        private DatabaseEvents(string connectionString) => _connectionString = connectionString;

        public IReadOnlyList<string> Lines => [.. _lines];

        public static DatabaseEvents For(string connectionString)
        {
            var events = new DatabaseEvents(connectionString);
            lock (events._subscriptions) events._subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(events));
            return events;
        }

        public void Add(string line) => _lines.Enqueue(line);

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name != DbLoggerCategory.Name) return;
            lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            // Only these events, raised while their context is in use: other tests' contexts must never be disturbed.
            var line = value.Key switch
            {
                var key when key == RelationalEventId.TransactionStarted.Name => "transaction started",
                var key when key == RelationalEventId.TransactionCommitted.Name => "transaction committed",
                var key when key == RelationalEventId.TransactionRolledBack.Name => "transaction rolled back",
                var key when key == CoreEventId.SaveChangesCompleted.Name => "save",
                _ => null,
            };
            if (line is not null && value.Value is DbContextEventData { Context: { } context } && IsOurs(context)) Add(line);
        }

        private bool IsOurs(DbContext context)
        {
            try
            {
                return context.Database.GetConnectionString() == _connectionString;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (_subscriptions)
                foreach (var subscription in _subscriptions) subscription.Dispose();
        }
    }
}
