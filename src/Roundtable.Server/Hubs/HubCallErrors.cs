using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Log;

namespace Roundtable.Server.Hubs;

/// <summary>
/// The outermost filter of both hubs. A call whose arguments did not bind (<see cref="StrictJsonHubProtocol"/>) is
/// refused with what was wrong. A refusal (<see cref="HubException"/>) is an answer, not a server error: it is not
/// logged. Anything else is the server's own failure: logged once per kind with its stack trace, then at Debug, and
/// answered by SignalR's generic "An unexpected error occurred" (no internals reach the client). SignalR's own
/// per-call Error lines are turned off (<see cref="HubsSetup"/>), so this is the one place hub calls are logged.
/// </summary>
public sealed partial class HubCallErrors(HubLogOnce once, ILogger<HubCallErrors> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var hub = context.Hub.GetType().Name;
        if (context.HubMethodArguments.OfType<HubArgumentProblem>().FirstOrDefault() is { } problem)
        {
            if (once.First($"{hub}.{context.HubMethodName}:arguments"))
            {
                LogBadArguments(hub, context.HubMethodName);
            }
            throw new HubException(problem.Message);
        }
        try
        {
            return await next(context);
        }
        // The log being unreachable (or an append's outcome unknown) is logged by the log itself, once, and reaches the caller as a refusal.
        catch (Exception ex) when (ex is not (HubException or EventLogUnavailableException or EventLogOutcomeUnknownException or OperationCanceledException))
        {
            LogFailure(ex, $"{hub}.{context.HubMethodName}");
            throw;
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is not HubException)
        {
            LogFailure(ex, $"{context.Hub.GetType().Name}.OnConnectedAsync");
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        catch (Exception ex)
        {
            LogFailure(ex, $"{context.Hub.GetType().Name}.OnDisconnectedAsync");
            throw;
        }
    }

    private void LogFailure(Exception ex, string where)
    {
        if (once.First($"{where}:{ex.GetType().FullName}"))
        {
            LogFailedFirst(ex, where);
        }
        else
        {
            LogFailedAgain(where, ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information,
        Message = "{Hub}.{Method}: a call with arguments of the wrong type or number was refused (further ones are not logged)")]
    private partial void LogBadArguments(string hub, string method);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Error, Message = "{Where} failed on the server (the first of its kind; later ones are logged at Debug)")]
    private partial void LogFailedFirst(Exception ex, string where);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Debug, Message = "{Where} failed on the server again ({Error})")]
    private partial void LogFailedAgain(string where, string error);
}
