using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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

/// <summary>A worker's settings: every worker can be switched off (tests switch them off and call RunOnceAsync).</summary>
public interface IPeriodicWorkOptions
{
    bool Enabled { get; }
}

public static class PeriodicWorkRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/> and registers the worker as a singleton (so tests
    /// can resolve it and run one round), hosted only when its settings leave it enabled.
    /// </summary>
    public static IServiceCollection AddPeriodicWork<TWorker, TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TWorker : PeriodicWork where TOptions : class, IPeriodicWorkOptions, new()
    {
        var settings = configuration.GetSection(section);
        services.Configure<TOptions>(settings);
        services.AddSingleton<TWorker>();
        if ((settings.Get<TOptions>() ?? new TOptions()).Enabled)
            services.AddHostedService(sp => sp.GetRequiredService<TWorker>());
        return services;
    }
}
