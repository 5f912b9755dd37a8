using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Testing;

/// <summary>
/// A room participant over the SignalR .NET client, behaving like the browser client: it records every
/// <c>RoomEvents</c> delivery as received, and keeps a view of its room built the way the browser builds it (catch-up
/// plus live events, by seq, each seq once), filling gaps and reconnects with Catchup from the last seq it holds.
/// Tests wait on conditions with a timeout (a <see cref="TaskCompletionSource"/> completed when a delivery makes the
/// condition true); nothing is asserted inside a handler, where a missing message would pass silently.
/// </summary>
public sealed class RoomClient : IAsyncDisposable
{
    /// <summary>How long a wait lasts unless a test says otherwise: generous, for a busy two-core machine.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>How long a wait that fills gaps lets a gap stand before it asks Catchup, as the browser does.</summary>
    private static readonly TimeSpan GapPatience = TimeSpan.FromMilliseconds(500);

    private readonly Lock _lock = new();
    private readonly List<RoomEventEnvelope> _received = [];
    private readonly List<string> _rawPayloads = [];
    private readonly List<JsonElement> _feedbackUpdates = [];
    private readonly SortedDictionary<long, RoomEventEnvelope> _view = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];

    private RoomClient(HubConnection connection, string? roomId, string name, object? endpoint)
    {
        Connection = connection;
        RoomId = roomId;
        Name = name;
        Endpoint = endpoint;
        Listen(connection);
    }

    /// <summary>The client as failure messages name it (e.g. "lena@node1").</summary>
    public string Name { get; }

    /// <summary>Where the client is connected now (a server node, a load balancer), as the harness that connected it knows it.</summary>
    public object? Endpoint { get; private set; }

    /// <summary>The current connection (a new one after <see cref="ReconnectAsync"/>).</summary>
    public HubConnection Connection { get; private set; }

    public HubConnectionState State => Connection.State;

    /// <summary>Completes when the current connection closes by itself (e.g. its node died), not when the test disposes it.</summary>
    public Task Closed { get; private set; } = Task.CompletedTask;

    public string? RoomId { get; private set; }

    public JoinResult? Joined { get; private set; }

    public string UserId => Joined?.UserId ?? "";

    /// <summary>Events of its room that arrived pushed by the server (RoomEvents), as opposed to fetched by Catchup.</summary>
    public int PushedEvents { get; private set; }

    /// <summary>Every server-to-client payload received (events and feedback updates), as JSON text.</summary>
    public IReadOnlyList<string> RawPayloads
    {
        get { lock (_lock) { return [.. _rawPayloads]; } }
    }

    /// <summary>Every feedback update received, in arrival order.</summary>
    public IReadOnlyList<FeedbackUpdate> FeedbackUpdates
    {
        get { lock (_lock) { return [.. _feedbackUpdates.Select(u => u.Deserialize<FeedbackUpdate>(Json.Options)!)]; } }
    }

    /// <summary>Every envelope received through RoomEvents, in arrival order (duplicates and other rooms' included, if any).</summary>
    public IReadOnlyList<RoomEventEnvelope> Received
    {
        get { lock (_lock) { return [.. _received]; } }
    }

    /// <summary>The client's view of its room: catch-up plus live events, by seq, each seq once.</summary>
    public IReadOnlyList<RoomEventEnvelope> View
    {
        get { lock (_lock) { return [.. _view.Values]; } }
    }

    /// <summary>The highest seq n such that the view holds every event 1..n.</summary>
    public long LastContiguousSeq
    {
        get { lock (_lock) { return ContiguousUpTo(); } }
    }

    /// <summary>The view's events up to <paramref name="upTo"/>.</summary>
    public List<RoomEventEnvelope> Events(long upTo)
    {
        lock (_lock)
        {
            return _view.Values.Where(e => e.Seq <= upTo).ToList();
        }
    }

    /// <summary>Starts <paramref name="connection"/> (see <see cref="HubConnections.Build"/>) and listens on it; joins nothing yet.</summary>
    /// <param name="roomId">The room that <see cref="JoinAsync"/> joins when given none.</param>
    public static async Task<RoomClient> StartAsync(HubConnection connection, string? roomId = null, string? name = null, object? endpoint = null)
    {
        var client = new RoomClient(connection, roomId, name ?? "a room client", endpoint);
        await connection.StartAsync();
        return client;
    }

    /// <summary>Joins the room (its own when none is given), then catches up from <paramref name="afterSeq"/> (the last seq it holds when null).</summary>
    public async Task<JoinResult> JoinAsync(string? roomId = null, long? afterSeq = null)
    {
        RoomId = roomId ?? RoomId;
        Joined = await Connection.InvokeAsync<JoinResult>("Join", new JoinRequest(RoomId, RoomProtocol.Version));
        await CatchupAsync(afterSeq);
        return Joined;
    }

    /// <summary>Fills the view from the log, page by page, as a client does after a gap or a reconnect.</summary>
    /// <param name="afterSeq">Where to start; the last contiguous seq held when null.</param>
    public async Task CatchupAsync(long? afterSeq = null)
    {
        var from = afterSeq ?? LastContiguousSeq;
        while (true)
        {
            var page = await Connection.InvokeAsync<CatchupResult>("Catchup", RoomId, from);
            lock (_lock)
            {
                foreach (var e in page.Events)
                {
                    _view.TryAdd(e.Seq, e);
                }
                Signal();
            }
            if (!page.HasMore || page.Events.Count == 0)
            {
                return;
            }
            from = page.Events[^1].Seq;
        }
    }

    /// <summary>The room's whole log as the client's server serves it (Catchup from 0), without touching the view.</summary>
    public async Task<List<RoomEventEnvelope>> ReadLogAsync()
    {
        var all = new List<RoomEventEnvelope>();
        while (true)
        {
            var page = await Connection.InvokeAsync<CatchupResult>("Catchup", RoomId, all.Count == 0 ? 0 : all[^1].Seq);
            all.AddRange(page.Events);
            if (!page.HasMore || page.Events.Count == 0)
            {
                return all;
            }
        }
    }

    public Task<PostMessageResult> PostAsync(string markdown, string? clientMessageId = null) =>
        Connection.InvokeAsync<PostMessageResult>("PostMessage", new PostMessageRequest(RoomId, markdown, clientMessageId));

    /// <summary>The sanitised HTML the server renders for <paramref name="markdown"/>.</summary>
    public Task<string> PreviewAsync(string markdown) => Connection.InvokeAsync<string>("PreviewMarkdown", markdown);

    /// <summary>Calls a hub method on the current connection.</summary>
    public Task<T> InvokeAsync<T>(string method, params object?[] args) => Connection.InvokeCoreAsync<T>(method, args);

    /// <summary>Calls a hub method that answers nothing, on the current connection.</summary>
    public Task InvokeAsync(string method, params object?[] args) => Connection.InvokeCoreAsync(method, args);

    /// <summary>
    /// Moves to a new connection the way a browser does after its server died: the new connection starts, joins, then
    /// catches up from the last seq seen.
    /// </summary>
    public async Task ReconnectAsync(HubConnection connection, object? endpoint = null)
    {
        await Connection.DisposeAsync();
        Listen(connection);
        await connection.StartAsync();
        Connection = connection;
        Endpoint = endpoint ?? Endpoint;
        await JoinAsync();
    }

    /// <summary>Completes when the condition holds (checked on every delivery), or fails after the timeout.</summary>
    public async Task WaitUntilAsync(Func<RoomClient, bool> condition, string what, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        (Func<bool>, TaskCompletionSource) waiter = (() => condition(this), done);
        lock (_lock)
        {
            if (condition(this))
            {
                return;
            }
            _waiters.Add(waiter);
        }
        try
        {
            await done.Task.WaitAsync(timeout ?? Timeout);
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                _waiters.Remove(waiter);
            }
            throw new TimeoutException($"{Name}: timed out waiting until {what}; the view ends at seq {LastContiguousSeq} (max {MaxSeq}).");
        }
    }

    /// <summary>
    /// Waits until the view holds every seq up to <paramref name="seq"/>. With <paramref name="fillGaps"/> it asks for
    /// missing events after a short quiet spell, as the browser does; without, only what the server pushes counts.
    /// </summary>
    public async Task WaitForSeqAsync(long seq, TimeSpan? timeout = null, bool fillGaps = false)
    {
        var what = $"seq {seq} has arrived";
        if (!fillGaps)
        {
            await WaitUntilAsync(c => c.ContiguousUpTo() >= seq, what, timeout);
            return;
        }
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            try
            {
                await WaitUntilAsync(c => c.ContiguousUpTo() >= seq, what, remaining < GapPatience ? remaining : GapPatience);
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                if (Connection.State == HubConnectionState.Connected)
                {
                    await CatchupAsync();
                }
            }
        }
    }

    /// <summary>Waits until an envelope received through RoomEvents matches; returns the first that does.</summary>
    public async Task<RoomEventEnvelope> WaitForEventAsync(Func<RoomEventEnvelope, bool> match, string what, TimeSpan? timeout = null)
    {
        RoomEventEnvelope? found = null;
        await WaitUntilAsync(c =>
        {
            found = c._received.FirstOrDefault(match);
            return found is not null;
        }, what, timeout);
        return found!;
    }

    /// <summary>Waits until a feedback update (as sent: JSON) matches; returns the latest that does.</summary>
    public async Task<JsonElement> WaitForFeedbackAsync(Func<JsonElement, bool> match, TimeSpan? timeout, string what)
    {
        JsonElement found = default;
        await WaitUntilAsync(c =>
        {
            var matches = c._feedbackUpdates.Where(match).ToList();
            found = matches.LastOrDefault();
            return matches.Count > 0;
        }, "a feedback update where " + what, timeout);
        return found;
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private long MaxSeq
    {
        get { lock (_lock) { return _view.Count == 0 ? 0 : _view.Keys.Max(); } }
    }

    private void Listen(HubConnection connection)
    {
        // Taken raw, so a test can check what exactly went over the wire (e.g. that no name leaks).
        connection.On<JsonElement>(nameof(IRoomClient.RoomEvents), raw =>
        {
            var events = raw.Deserialize<List<RoomEventEnvelope>>(Json.Options)!;
            lock (_lock)
            {
                _rawPayloads.Add(raw.GetRawText());
                foreach (var e in events)
                {
                    _received.Add(e);
                    if ((RoomId is null || e.RoomId == RoomId) && _view.TryAdd(e.Seq, e))
                    {
                        PushedEvents++;
                    }
                }
                Signal();
            }
        });
        connection.On<JsonElement>(nameof(IRoomClient.FeedbackUpdated), raw =>
        {
            lock (_lock)
            {
                _rawPayloads.Add(raw.GetRawText());
                _feedbackUpdates.Add(raw.Clone());
                Signal();
            }
        });
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        Closed = closed.Task;
    }

    private long ContiguousUpTo()
    {
        long last = 0;
        while (_view.ContainsKey(last + 1))
        {
            last++;
        }
        return last;
    }

    private void Signal()
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Condition())
            {
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }
}
