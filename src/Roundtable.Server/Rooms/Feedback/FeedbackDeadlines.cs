using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>
/// Closes feedback windows at their deadline, on the node that opened them. The deadline holds without it: the decider
/// refuses late submissions and appends the missing close with the next feedback command, so a node that dies
/// before the deadline loses nothing but the punctual closing event.
/// </summary>
public sealed partial class FeedbackDeadlines(
    RoomCommandRunner runner,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<FeedbackDeadlines> logger)
{
    public void Schedule(string roomId, string presentationId, DateTimeOffset closesAt, Actor openedBy) =>
        _ = CloseAtAsync(roomId, presentationId, closesAt, openedBy);

    private async Task CloseAtAsync(string roomId, string presentationId, DateTimeOffset closesAt, Actor openedBy)
    {
        try
        {
            var wait = closesAt - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, lifetime.ApplicationStopping);
            }
            await runner.ExecuteAsync(roomId, openedBy, new CloseFeedback(presentationId), cancellationToken: lifetime.ApplicationStopping);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Shutting down: the next feedback command in that room closes the window instead.
        }
        catch (Exception ex)
        {
            LogCloseFailed(ex, roomId, presentationId);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Room {RoomId}: closing feedback on {PresentationId} at its deadline failed")]
    private partial void LogCloseFailed(Exception ex, string roomId, string presentationId);
}
