using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Log;

namespace Roundtable.Server.Diagnostics;

/// <summary>
/// SignalR logs every exception a hub method throws at Error with its stack trace, refusals (a <see cref="HubException"/>
/// the caller is meant to read) included: one flood of refused calls wrote 24,000 such entries. That logger
/// (<see cref="DispatcherCategory"/>) is turned down in <see cref="DiagnosticsSetup"/>, and this filter logs what is
/// really a failure instead, once per call. Refusals reach the caller only; the limits report theirs once a minute.
/// It is the first hub filter added, so it wraps the others (the limits' included) and sees what any of them fails with.
/// </summary>
public sealed partial class HubErrorLog(ILogger<HubErrorLog> logger) : IHubFilter
{
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        // The log being unreachable is logged by the log, once, and told to the caller as a refusal.
        catch (Exception ex) when (ex is not (HubException or EventLogUnavailableException or OperationCanceledException))
        {
            LogFailed(context.Hub.GetType().Name, context.HubMethodName, ex);
            throw;
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "{Hub}.{Method} failed")]
    private partial void LogFailed(string hub, string method, Exception exception);
}
