using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Server.Projection;

namespace Roundtable.Server.Accounts;

/// <summary>
/// Closes open hub connections of a session that has ended (signed out, signed out everywhere, password changed), so
/// they stop hearing room events and notifications at once rather than at their next connect. Each node closes its own
/// connections when its projection reads the event, so it holds on every node with one code path; on the node that
/// took the request this happens before the request is answered (<see cref="Cohorts.DirectoryWriter"/> returns once
/// this node's projection, listeners included, has the event).
/// </summary>
public sealed partial class SessionEnds(HubSessions hubSessions, ILogger<SessionEnds> logger) : IProjectionListener
{
    /// <summary>
    /// Called on the projector's loop once the batch is in the read models. Closing a connection only starts it, and
    /// the session check reads the user record (from memory, or one read by id), so nothing here waits on the network.
    /// </summary>
    public void Projected(IReadOnlyList<StoredEvent> batch)
    {
        HashSet<string>? named = null;
        foreach (var stored in batch)
        {
            var userId = stored.Event switch
            {
                SignedOut e => e.UserId,
                SignedOutEverywhere e => e.UserId,
                PasswordChanged e => e.UserId,
                _ => null,
            };
            // Most people named in the log have no connection here (and none at all while a node replays at start).
            if (userId is not null && hubSessions.HasAny(userId))
            {
                (named ??= new HashSet<string>(StringComparer.Ordinal)).Add(userId);
            }
        }
        foreach (var userId in named ?? [])
        {
            if (hubSessions.CloseEnded(userId) is var closed and > 0)
            {
                LogClosed(closed);
            }
        }
    }

    [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "Closed {Count} hub connection(s) whose session had ended")]
    private partial void LogClosed(int count);
}
