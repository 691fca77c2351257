using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FinInfra.Infrastructure.BackgroundWork;

/// <summary>
/// A background worker that runs <see cref="RunOnceAsync"/> every <see cref="Interval"/> until the host stops. A
/// round that fails is logged (its exception type only: a message could quote user data) and the next round runs
/// anyway. Tests call <see cref="RunOnceAsync"/> directly instead of waiting for the timer.
/// </summary>
public abstract partial class PeriodicWork(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected ILogger Logger { get; } = logger;

    protected TimeProvider Clock { get; } = clock;

    protected abstract TimeSpan Interval { get; }

    /// <summary>One round; returns how many items this instance handled.</summary>
    public abstract Task<int> RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRoundFailed(Logger, GetType().Name, exception.GetType().Name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Error, "A {Worker} round failed with {ExceptionType}")]
    private static partial void LogRoundFailed(ILogger logger, string worker, string exceptionType);
}
