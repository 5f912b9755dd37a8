using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Discussions;
using Roundtable.Core.Log;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Notifications;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Discussions;

/// <summary>A place's thread list changed (a thread started, replied to, pinned, locked, ...): the page asks for the list again.</summary>
public sealed record DiscussionsChangedDto(string CohortId, string? CircleId, string ThreadId);

/// <summary>
/// What the notifications hub's connections open on this node are watching: one thread (the thread page) and one
/// place's list (the list page), each checked against the reader's access when they asked.
/// </summary>
public sealed class DiscussionWatchers(DiscussionWriter writer)
{
    private sealed record Watch(string UserId, string? ThreadId, string? CohortId, string? CircleId);

    private readonly ConcurrentDictionary<string, Watch> _byConnection = new(StringComparer.Ordinal);

    public bool IsEmpty => _byConnection.IsEmpty;

    /// <summary>Watches a thread the person may read; false (nothing watched) when they may not, or it does not exist.</summary>
    public bool WatchThread(string connectionId, string userId, string threadId)
    {
        if (writer.Find(threadId, userId) is null)
        {
            return false;
        }
        _byConnection.AddOrUpdate(connectionId, _ => new(userId, threadId, null, null), (_, w) => w with { ThreadId = threadId });
        return true;
    }

    /// <summary>Watches the thread list of a cohort (or one of its circles) the person may read; false when they may not.</summary>
    public bool WatchPlace(string connectionId, string userId, string cohortId, string? circleId)
    {
        if (!Ids.IsWellFormed(cohortId) || (circleId is not null && !Ids.IsWellFormed(circleId))
            || writer.RoleIn(cohortId, circleId, userId) == DiscussionRole.None)
        {
            return false;
        }
        _byConnection.AddOrUpdate(connectionId, _ => new(userId, null, cohortId, circleId), (_, w) => w with { CohortId = cohortId, CircleId = circleId });
        return true;
    }

    public void Forget(string connectionId) => _byConnection.TryRemove(connectionId, out _);

    public IReadOnlyList<(string ConnectionId, string UserId)> OfThread(string threadId) =>
        [.. _byConnection.Where(c => c.Value.ThreadId == threadId).Select(c => (c.Key, c.Value.UserId))];

    public IReadOnlyList<(string ConnectionId, string UserId)> OfPlace(string cohortId, string? circleId) =>
        [.. _byConnection.Where(c => c.Value.CohortId == cohortId && c.Value.CircleId == circleId).Select(c => (c.Key, c.Value.UserId))];
}

/// <summary>
/// Keeps open discussion pages current. Every node follows the log and pushes only to the watchers connected to it,
/// once its own read models hold the change, so a page hears of a change once, from its own node, whichever node
/// took the write. A thread page gets the thread as its reader sees it (their permissions, their reactions), built
/// from this node's read models at that moment, so it never has to ask again and meet another node that lags; a list
/// page is told its list changed. Access is checked again at every push: someone who lost it hears nothing more.
/// The writer and the watchers are resolved when the loop starts, not when this is made: they write through the log,
/// whose projector is what tells this of events (a cycle if resolved together).
/// </summary>
public sealed partial class DiscussionLiveUpdates(
    IServiceProvider services, RoundtableDb db, CohortAccess access, IHubContext<NotificationsHub, INotificationsClient> hub,
    ILogger<DiscussionLiveUpdates> logger)
    : BackgroundService, IProjectionListener
{
    private volatile DiscussionWatchers? _watchers;
    private DiscussionWriter _writer = null!;

    private readonly Channel<IReadOnlyList<string>> _changedThreads = Channel.CreateUnbounded<IReadOnlyList<string>>(new() { SingleReader = true });

    public void Projected(IReadOnlyList<StoredEvent> batch)
    {
        if (_watchers is not { IsEmpty: false })
        {
            return;
        }
        // Reading and following change only the reader's own view, which their own page already has.
        var threads = batch.Select(s => s.Event).OfType<DiscussionEvent>().Where(e => e is not (ThreadRead or ThreadFollowed))
            .Select(e => e.ThreadId).Distinct(StringComparer.Ordinal).ToList();
        if (threads.Count > 0)
        {
            _changedThreads.Writer.TryWrite(threads);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _writer = services.GetRequiredService<DiscussionWriter>();
        _watchers = services.GetRequiredService<DiscussionWatchers>();
        await foreach (var threadIds in _changedThreads.Reader.ReadAllAsync(stoppingToken))
        {
            foreach (var threadId in threadIds)
            {
                try
                {
                    await PushAsync(threadId);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // A page that missed a push still shows the thread as it was; the next change, or a reload, brings it up to date.
                    LogPushFailed(e, threadId);
                }
            }
        }
    }

    private async Task PushAsync(string threadId)
    {
        // Read everything out first: LiteDB's read lock belongs to the thread, and the awaits below may resume on another.
        if (db.DiscussionThreads.FindById(threadId) is not { } thread)
        {
            return;
        }
        var watchers = _watchers!;
        var details = watchers.OfThread(threadId)
            .Select(w => (w.ConnectionId, Detail: DiscussionsApi.Detail(db, access, _writer, threadId, w.UserId)))
            .Where(w => w.Detail is not null).ToList();
        var listeners = watchers.OfPlace(thread.CohortId, thread.CircleId)
            .Where(w => _writer.RoleIn(thread.CohortId, thread.CircleId, w.UserId) != DiscussionRole.None)
            .Select(w => w.ConnectionId).ToList();
        foreach (var (connectionId, detail) in details)
        {
            await hub.Clients.Client(connectionId).ThreadChanged(detail!);
        }
        if (listeners.Count > 0)
        {
            await hub.Clients.Clients(listeners).DiscussionsChanged(new DiscussionsChangedDto(thread.CohortId, thread.CircleId, threadId));
        }
    }

    [LoggerMessage(EventId = 8310, Level = LogLevel.Warning, Message = "Pushing the changes of discussion thread {ThreadId} to its open pages failed")]
    private partial void LogPushFailed(Exception exception, string threadId);
}
