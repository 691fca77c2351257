using FinInfra.Application.Common.Abstractions;

namespace FinInfra.Infrastructure.Persistence;

/// <summary>
/// The scope the query filters read, per request (scoped service): the current user by default, a system scope
/// for trusted background work, or an explicit user for work done on a user's behalf (sync jobs).
/// </summary>
public sealed class DataScope(ICurrentUser currentUser) : IDataScope
{
    private int _systemDepth;
    private Guid? _actingAs;

    public bool IsSystem => _systemDepth > 0;

    public Guid? UserId => _actingAs ?? currentUser.UserId;

    public IDisposable BeginSystemScope()
    {
        _systemDepth++;
        return new Restore(() => _systemDepth--);
    }

    public IDisposable BeginUserScope(Guid userId)
    {
        var previous = _actingAs;
        _actingAs = userId;
        return new Restore(() => _actingAs = previous);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        private Action? _undo = undo;

        public void Dispose() => Interlocked.Exchange(ref _undo, null)?.Invoke();
    }
}
