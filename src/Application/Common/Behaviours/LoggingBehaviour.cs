using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace FinInfra.Application.Common.Behaviours;

/// <summary>Logs each use case's name, outcome and duration. Never the message body: it may hold secrets.</summary>
public sealed partial class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            LogHandled(typeof(TMessage).Name, Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (Exception exception)
        {
            LogFailed(typeof(TMessage).Name, exception.GetType().Name, Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    [LoggerMessage(LogLevel.Information, "Handled {UseCase} in {Elapsed}")]
    private partial void LogHandled(string useCase, TimeSpan elapsed);

    [LoggerMessage(LogLevel.Information, "{UseCase} failed with {ExceptionType} after {Elapsed}")]
    private partial void LogFailed(string useCase, string exceptionType, TimeSpan elapsed);
}
