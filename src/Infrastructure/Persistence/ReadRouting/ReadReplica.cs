using System.Collections.Concurrent;
using System.Diagnostics;
using FinInfra.Infrastructure.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace FinInfra.Infrastructure.Persistence.ReadRouting;

/// <summary>
/// The read replica named by <c>SQL_READ_URL</c> (registered only when it is set), and what this instance knows of how
/// far it has replayed: whether a query of a given user may read from it now (docs/adr/0017-read-replica-routing.md).
/// <para>
/// After every command the primary's WAL insert position is recorded for the command's user (for a command without a
/// signed-in user, for everyone). A user's query reads from the replica only when the replica's last replayed LSN,
/// as last checked, is at or past that position; otherwise the replay position is checked again (at most once per
/// <see cref="ReplayCheckInterval"/>, one check at a time) and the query goes to the primary if the replica is still
/// behind. A replica that fails, is not a standby, or has not replayed a recorded write within <see cref="MaxLag"/>
/// serves nothing until it answers again; queries then read from the primary. At its first command or replay check an
/// instance takes the primary's position as the floor for everyone, so a restart does not forget writes made just before it. All of it
/// is in this process's memory: another instance of the service knows nothing of this one's later writes.
/// </para>
/// </summary>
public sealed partial class ReadReplica
{
    /// <summary>How long a checked replay position is trusted before a query that needs a later one checks again.</summary>
    public static readonly TimeSpan ReplayCheckInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>A write the replica has not replayed this long after it was recorded makes it "lagging": it serves no query until it catches up.</summary>
    public static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(5);

    /// <summary>How long a replica that failed is left alone before one background check asks it again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Above this many users with writes the replica has not yet been seen to replay, the replayed ones are dropped.</summary>
    private const int PruneAbove = 10_000;

    /// <summary>The position recorded when the primary's could not be read after a write: the user's reads stay on the primary for <see cref="MaxLag"/>.</summary>
    private const long Unknown = long.MaxValue;

    private readonly string _primaryConnectionString;
    private readonly ILogger<ReadReplica> _logger;
    private readonly ConcurrentDictionary<Guid, Write> _writes = new();
    private readonly Lock _lagLock = new();

    private long _replayed = -1;       // the replica's last replayed LSN as last checked; -1 before the first check
    private long _checkedAt;           // Stopwatch timestamp of the last check
    private int _checking;             // 1 while a check runs
    private long _everyone;            // the position every query needs: writes of commands without a signed-in user
    private int _startTaken;           // 1 once the primary's position at this instance's start is in _everyone
    private int _down;                 // 1 after a failure, until a check succeeds
    private long _retryAt;             // when a down replica is checked again

    // The lag mark: the oldest recorded write the replica had not replayed when last looked at, and when it was marked.
    private long _markLsn;
    private long _markAt;
    private long _maxRecorded;

    public ReadReplica(DatabaseSettings settings, ILogger<ReadReplica> logger)
    {
        ConnectionString = settings.ReadConnectionString ?? throw new InvalidOperationException("SQL_READ_URL is not set.");
        _primaryConnectionString = settings.ConnectionString;
        _logger = logger;
    }

    /// <summary>The replica's connection string (the same options as the primary's, from SQL_READ_URL).</summary>
    public string ConnectionString { get; }

    private readonly record struct Write(long Lsn, long At);

    /// <summary>The replica's last replayed LSN as last checked, or null before the first successful check.</summary>
    public NpgsqlLogSequenceNumber? LastReplayed => Volatile.Read(ref _replayed) is var lsn and >= 0 ? new NpgsqlLogSequenceNumber((ulong)lsn) : null;

    /// <summary>True while the replica is treated as failed (every query reads from the primary).</summary>
    public bool IsDown => Volatile.Read(ref _down) == 1;

    /// <summary>
    /// Whether a query of <paramref name="userId"/> may read from the replica now. Costs nothing but memory reads when the
    /// replica is known to have replayed what the query needs; one round trip to the replica when it must be checked.
    /// </summary>
    public ValueTask<bool> ServesAsync(Guid? userId)
    {
        var now = Stopwatch.GetTimestamp();
        if (Volatile.Read(ref _down) == 1)
        {
            CheckInBackgroundWhenDue(now);
            return new ValueTask<bool>(false);
        }
        var needed = Needed(userId, now);
        return needed <= Volatile.Read(ref _replayed) ? new ValueTask<bool>(true) : CheckAsync(userId, now);
    }

    private long Needed(Guid? userId, long now)
    {
        var needed = Math.Max(Volatile.Read(ref _everyone), 0);
        if (userId is { } id && _writes.TryGetValue(id, out var write))
        {
            if (write.Lsn <= Volatile.Read(ref _replayed) || (write.Lsn == Unknown && Stopwatch.GetElapsedTime(write.At, now) > MaxLag))
                _writes.TryRemove(KeyValuePair.Create(id, write));
            else
                needed = Math.Max(needed, write.Lsn);
        }
        // Lagging beyond the bound: nobody reads from it until a check shows it has replayed the mark.
        var mark = Volatile.Read(ref _markLsn);
        if (mark > 0 && Stopwatch.GetElapsedTime(Volatile.Read(ref _markAt), now) > MaxLag) needed = Math.Max(needed, mark);
        return needed;
    }

    private async ValueTask<bool> CheckAsync(Guid? userId, long now)
    {
        if (Stopwatch.GetElapsedTime(Volatile.Read(ref _checkedAt), now) < ReplayCheckInterval) return false;
        if (Interlocked.CompareExchange(ref _checking, 1, 0) != 0) return false;
        try
        {
            await CheckReplayAsync();
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
        // Asked again: the first check also takes the start floor (CheckReplayAsync).
        return Volatile.Read(ref _down) == 0 && Needed(userId, Stopwatch.GetTimestamp()) <= Volatile.Read(ref _replayed);
    }

    private void CheckInBackgroundWhenDue(long now)
    {
        if (now < Volatile.Read(ref _retryAt) || Interlocked.CompareExchange(ref _checking, 1, 0) != 0) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await CheckReplayAsync();
            }
            finally
            {
                Volatile.Write(ref _checking, 0);
            }
        });
    }

    /// <summary>Asks the replica how far it has replayed (<c>pg_last_wal_replay_lsn()</c>, null on a server that is not a standby). Never throws.</summary>
    private async Task CheckReplayAsync()
    {
        if (Volatile.Read(ref _startTaken) == 0)
        {
            // Before its first command or check this instance knows nothing of writes made before it started (by its
            // previous run, or by another instance): every query waits for the replica to replay what the primary had then.
            try
            {
                InterlockedMax(ref _everyone, await PrimaryWritePositionAsync());
                Volatile.Write(ref _startTaken, 1);
            }
            catch (Exception failure)
            {
                // The primary did not answer; nothing is routed until it does (the replica is not to blame).
                LogWritePositionUnknown(_logger, failure.GetType().Name);
                Volatile.Write(ref _checkedAt, Stopwatch.GetTimestamp());
                return;
            }
        }
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn()", connection);
            if (await command.ExecuteScalarAsync() is not NpgsqlLogSequenceNumber replayed)
            {
                MarkDown("not a standby: pg_last_wal_replay_lsn() is null");
                return;
            }
            Replayed((long)(ulong)replayed);
            if (Interlocked.Exchange(ref _down, 0) == 1) LogBackUp(_logger);
        }
        catch (Exception failure)
        {
            MarkDown(failure.GetType().Name);
        }
        finally
        {
            Volatile.Write(ref _checkedAt, Stopwatch.GetTimestamp());
        }
    }

    private void Replayed(long replayed)
    {
        Volatile.Write(ref _replayed, replayed);
        lock (_lagLock)
        {
            // The mark was passed: the next mark is the newest write recorded so far, if the replica has not replayed it.
            if (_markLsn > 0 && replayed >= _markLsn)
            {
                _markLsn = _maxRecorded > replayed ? _maxRecorded : 0;
                _markAt = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>
    /// Records the primary's WAL insert position after a command of <paramref name="userId"/> (null: a command without a
    /// signed-in user, whose write every query then waits for). <c>pg_current_wal_insert_lsn()</c> rather than
    /// <c>pg_current_wal_lsn()</c>: with <c>synchronous_commit=off</c> the commit record may still be in the WAL buffers,
    /// past the written position, and a replica at the written position would not have it yet. Never throws.
    /// </summary>
    public async Task RecordWriteAsync(Guid? userId)
    {
        long lsn;
        try
        {
            lsn = await PrimaryWritePositionAsync();
        }
        catch (Exception failure)
        {
            // The primary did not answer (the command most likely failed with it): this user's reads stay on the
            // primary for a while rather than risk missing a write that did commit.
            LogWritePositionUnknown(_logger, failure.GetType().Name);
            if (userId is { } unknownFor) _writes[unknownFor] = new Write(Unknown, Stopwatch.GetTimestamp());
            return;
        }
        if (Interlocked.Exchange(ref _startTaken, 1) == 0) InterlockedMax(ref _everyone, lsn);
        RecordWrite(userId, lsn);
    }

    private async Task<long> PrimaryWritePositionAsync()
    {
        await using var connection = new NpgsqlConnection(_primaryConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()", connection);
        return (long)(ulong)(NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync())!;
    }

    internal void RecordWrite(Guid? userId, long lsn)
    {
        var now = Stopwatch.GetTimestamp();
        if (userId is { } id)
            _writes.AddOrUpdate(id, static (_, write) => write, static (_, old, write) => old.Lsn >= write.Lsn ? old : write, new Write(lsn, now));
        else
            InterlockedMax(ref _everyone, lsn);
        lock (_lagLock)
        {
            if (lsn > _maxRecorded) _maxRecorded = lsn;
            if (_markLsn == 0 && lsn > Volatile.Read(ref _replayed))
            {
                _markLsn = lsn;
                _markAt = now;
            }
        }
        if (_writes.Count > PruneAbove)
        {
            var replayed = Volatile.Read(ref _replayed);
            foreach (var entry in _writes)
                if (entry.Value.Lsn <= replayed) _writes.TryRemove(entry);
        }
    }

    /// <summary>A query failed on the replica with <paramref name="failure"/>; it is answered from the primary.</summary>
    public void ReportFailure(Exception failure, string useCase)
    {
        if (Engines.DatabaseEngines.Classify(failure) == Engines.DatabaseFailure.Unavailable)
            MarkDown(failure.GetType().Name);
        else
            LogQueryFellBack(_logger, useCase, failure.GetType().Name, (failure as PostgresException ?? failure.InnerException as PostgresException)?.SqlState ?? "-");
    }

    /// <summary>True for a failure of the replica (any Npgsql error): a query that met one is run again on the primary.</summary>
    public static bool IsReplicaFailure(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
            if (inner is NpgsqlException) return true;
        return false;
    }

    private void MarkDown(string reason)
    {
        Volatile.Write(ref _retryAt, Stopwatch.GetTimestamp() + (long)(RetryAfter.TotalSeconds * Stopwatch.Frequency));
        if (Interlocked.Exchange(ref _down, 1) == 0) LogDown(_logger, reason, RetryAfter.TotalSeconds);
    }

    private static void InterlockedMax(ref long location, long value)
    {
        var current = Volatile.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    [LoggerMessage(LogLevel.Warning, "The read replica (SQL_READ_URL) cannot serve queries ({Reason}); they read from the primary, and it is checked again every {RetrySeconds} s")]
    private static partial void LogDown(ILogger logger, string reason, double retrySeconds);

    [LoggerMessage(LogLevel.Information, "The read replica (SQL_READ_URL) answers again; queries read from it while it keeps up")]
    private static partial void LogBackUp(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "{UseCase} failed on the read replica with {ExceptionType} (SQLSTATE {SqlState}); answered from the primary")]
    private static partial void LogQueryFellBack(ILogger logger, string useCase, string exceptionType, string sqlState);

    [LoggerMessage(LogLevel.Warning, "The primary's WAL position could not be read after a write ({ExceptionType}); that user's queries read from the primary for a while")]
    private static partial void LogWritePositionUnknown(ILogger logger, string exceptionType);
}
