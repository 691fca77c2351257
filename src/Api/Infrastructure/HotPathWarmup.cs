using System.Text.Json;
using FinInfra.Application.Accounts.ListAccounts;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Application.Transactions;
using FinInfra.Application.Transactions.ListTransactions;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace FinInfra.Api.Infrastructure;

/// <summary>
/// Once the service has started, runs the hot read paths once (<c>Warmup:Enabled</c>, off by default; the measurement
/// is in docs/adr/0016-gc-and-startup.md): the account list and
/// the first transaction page through the Mediator pipeline, as a user who owns nothing (so nothing is read), and their
/// JSON. That compiles and caches EF's queries for the user shapes, opens the connection pool, and JITs the pipeline
/// before the first client's request instead of during it. Failures (the database not up yet) are logged and ignored:
/// the first request then pays the cost as it would without the warm-up.
/// </summary>
public sealed partial class HotPathWarmup(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, IOptions<JsonOptions> json, ILogger<HotPathWarmup> logger)
    : IHostedService
{
    public const string Section = "Warmup";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => WarmAsync(lifetime.ApplicationStopping)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WarmAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            // A user scope for an id no user has: the user-shaped SQL (user_id = @p) is compiled, no row matches.
            using var nobody = services.GetRequiredService<IDataScope>().BeginUserScope(Guid.Empty);
            var sender = services.GetRequiredService<ISender>();
            var accounts = await sender.Send(new ListAccountsQuery(), cancellationToken);
            var transactions = await sender.Send(new ListTransactionsQuery(new TransactionFilter(null, null, null, null, null, null)), cancellationToken);
            JsonSerializer.Serialize(accounts, json.Value.SerializerOptions);
            JsonSerializer.Serialize(transactions, json.Value.SerializerOptions);
            LogWarmed(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(exception.GetType().Name);
        }
        catch (OperationCanceledException)
        {
            // Stopping before the warm-up finished.
        }
    }

    [LoggerMessage(LogLevel.Information, "Warmed the hot read paths in {Elapsed}")]
    private partial void LogWarmed(TimeSpan elapsed);

    [LoggerMessage(LogLevel.Warning, "The warm-up of the hot read paths failed ({ExceptionType}); the first requests pay for it instead")]
    private partial void LogFailed(string exceptionType);
}
