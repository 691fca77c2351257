using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FinInfra.Integration.Tests.Infrastructure;

/// <summary>
/// What one context (or every context on one database) does, read from EF Core's diagnostic events, which every
/// context publishes: so a test can check what a query translates to, or when transactions and saves happen, without
/// changing how the contexts under test are built. Only events of the chosen context(s) are recorded: other tests'
/// contexts, running at the same time, are never disturbed.
/// </summary>
internal sealed class DatabaseEvents : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly Func<DbContext, bool> _isOurs;
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<IDisposable> _subscriptions = [];

    private DatabaseEvents(Func<DbContext, bool> isOurs) => _isOurs = isOurs;

    /// <summary>The SQL of every command sent, in order.</summary>
    public IReadOnlyList<string> Commands => [.. _commands];

    /// <summary>"transaction started", "save", "transaction committed", "transaction rolled back", and what <see cref="Add"/> recorded, in order.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The events of <paramref name="context"/> only.</summary>
    public static DatabaseEvents Of(DbContext context) => Subscribe(new DatabaseEvents(c => ReferenceEquals(c, context)));

    /// <summary>The events of every context connected to <paramref name="connectionString"/> (e.g. the ones an API host opens per request).</summary>
    public static DatabaseEvents OfDatabase(string connectionString) => Subscribe(new DatabaseEvents(c => ConnectsTo(c, connectionString)));

    /// <summary>Records a line of the test's own (e.g. "hash") among the database's, to check their order.</summary>
    public void Add(string line) => _lines.Enqueue(line);

    private static DatabaseEvents Subscribe(DatabaseEvents events)
    {
        lock (events._subscriptions) events._subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(events));
        return events;
    }

    private static bool ConnectsTo(DbContext context, string connectionString)
    {
        try
        {
            return context.Database.GetConnectionString() == connectionString;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name != DbLoggerCategory.Name) return;
        lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name)
        {
            if (value.Value is CommandEventData { Context: { } commandContext } data && _isOurs(commandContext)) _commands.Enqueue(data.Command.CommandText);
            return;
        }
        var line = value.Key switch
        {
            var key when key == RelationalEventId.TransactionStarted.Name => "transaction started",
            var key when key == RelationalEventId.TransactionCommitted.Name => "transaction committed",
            var key when key == RelationalEventId.TransactionRolledBack.Name => "transaction rolled back",
            var key when key == CoreEventId.SaveChangesCompleted.Name => "save",
            _ => null,
        };
        if (line is not null && value.Value is DbContextEventData { Context: { } context } && _isOurs(context)) Add(line);
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose()
    {
        lock (_subscriptions)
            foreach (var subscription in _subscriptions) subscription.Dispose();
    }
}
