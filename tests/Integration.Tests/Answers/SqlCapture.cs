using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FinInfra.Integration.Tests.Answers;

/// <summary>
/// The SQL one context sends, read from EF Core's diagnostic events (which every context publishes), so a test can
/// check what a query translates to without changing how the context under test is built.
/// </summary>
internal sealed class SqlCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly DbContext _context;
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly List<IDisposable> _subscriptions = [];

    private SqlCapture(DbContext context) => _context = context;

    public IReadOnlyList<string> Commands => [.. _commands];

    public static SqlCapture Of(DbContext context)
    {
        var capture = new SqlCapture(context);
        lock (capture._subscriptions) capture._subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(capture));
        return capture;
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name != DbLoggerCategory.Name) return;
        lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data && ReferenceEquals(data.Context, _context))
            _commands.Enqueue(data.Command.CommandText);
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose()
    {
        lock (_subscriptions)
            foreach (var subscription in _subscriptions) subscription.Dispose();
    }
}
