using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Log;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Notifications;

/// <summary>
/// The notifications hub's connections open on this node, by person. Each node pushes only to its own connections,
/// so every page hears of a notification once, from the node it is connected to, whichever node appended the event.
/// </summary>
public sealed class NotificationConnections
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byUser = new(StringComparer.Ordinal);

    public void Add(string userId, string connectionId) => _byUser.GetOrAdd(userId, _ => new(StringComparer.Ordinal))[connectionId] = 0;

    public void Remove(string userId, string connectionId)
    {
        if (_byUser.TryGetValue(userId, out var connections))
        {
            connections.TryRemove(connectionId, out _);
        }
    }

    public IReadOnlyList<string> Of(string userId) => _byUser.TryGetValue(userId, out var connections) ? [.. connections.Keys] : [];
}

/// <summary>
/// Pushes each new notification to its person's open pages on this node, once this node's read models hold it.
/// Notifications are made by the projection (whatever appended the event, on whichever node), so every feature that
/// notifies only writes a NotificationRecord there; nothing has to remember to push.
/// </summary>
public sealed partial class Notifier(
    RoundtableDb db, NotificationConnections connections, IHubContext<NotificationsHub, INotificationsClient> hub, ILogger<Notifier> logger)
    : BackgroundService, IProjectionListener
{
    private readonly Channel<(long From, long To)> _batches = Channel.CreateUnbounded<(long, long)>(new() { SingleReader = true });

    public void Projected(IReadOnlyList<StoredEvent> batch)
    {
        if (batch.Count > 0)
        {
            _batches.Writer.TryWrite((batch[0].Position, batch[^1].Position));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (from, to) in _batches.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                // Read out first: LiteDB's read lock belongs to the thread, and the awaits below may resume on another.
                var arrived = db.Notifications.Find(n => n.Position >= from && n.Position <= to).ToList();
                foreach (var notification in arrived)
                {
                    if (connections.Of(notification.UserId) is { Count: > 0 } open)
                    {
                        await hub.Clients.Clients(open).NotificationArrived(NotificationDto.From(notification));
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A page that missed a push still has the list: it fetches it again on reconnect.
                LogPushFailed(e, from, to);
            }
        }
    }

    [LoggerMessage(EventId = 8020, Level = LogLevel.Warning, Message = "Pushing the notifications of positions {From} to {To} failed")]
    private partial void LogPushFailed(Exception exception, long from, long to);
}
