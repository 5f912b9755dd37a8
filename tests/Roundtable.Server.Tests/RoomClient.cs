using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// A SignalR client of the room hub, on the in-process test server. It records every <c>RoomEvents</c> delivery as
/// received and keeps a view of the room built the way the browser builds it: catch-up plus live events, applied in
/// seq order. Tests wait on conditions with a timeout; nothing is asserted inside the handler.
/// </summary>
public sealed class RoomClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly Lock _lock = new();
    private readonly List<RoomEventEnvelope> _received = [];
    private readonly List<string> _rawPayloads = [];
    private readonly List<FeedbackUpdate> _feedbackUpdates = [];
    private readonly SortedDictionary<long, RoomEventEnvelope> _view = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];

    private RoomClient(HubConnection connection, string? roomId)
    {
        Connection = connection;
        RoomId = roomId;
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
                    _view.TryAdd(e.Seq, e);
                }
                Signal();
            }
        });
        connection.On<JsonElement>(nameof(IRoomClient.FeedbackUpdated), raw =>
        {
            var update = raw.Deserialize<FeedbackUpdate>(Json.Options)!;
            lock (_lock)
            {
                _rawPayloads.Add(raw.GetRawText());
                _feedbackUpdates.Add(update);
                Signal();
            }
        });
    }

    /// <summary>Every server-to-client payload received (events and feedback updates), as JSON text.</summary>
    public IReadOnlyList<string> RawPayloads
    {
        get { lock (_lock) { return [.. _rawPayloads]; } }
    }

    /// <summary>Every feedback update received, in arrival order.</summary>
    public IReadOnlyList<FeedbackUpdate> FeedbackUpdates
    {
        get { lock (_lock) { return [.. _feedbackUpdates]; } }
    }

    public HubConnection Connection { get; }

    public string? RoomId { get; private set; }

    public JoinResult? Joined { get; private set; }

    /// <summary>Every envelope received through RoomEvents, in arrival order (duplicates included, if any).</summary>
    public IReadOnlyList<RoomEventEnvelope> Received
    {
        get { lock (_lock) { return [.. _received]; } }
    }

    /// <summary>The client's view of the room: catch-up plus live events, by seq, each seq once.</summary>
    public IReadOnlyList<RoomEventEnvelope> View
    {
        get { lock (_lock) { return [.. _view.Values]; } }
    }

    public long LastContiguousSeq
    {
        get { lock (_lock) { return ContiguousUpTo(); } }
    }

    /// <param name="path">The hub's path; the room hub's when null.</param>
    /// <param name="cookie">A session cookie ("roundtable=...") to send on the negotiate and the socket, as a browser does.</param>
    public static HubConnection Build(RoundtableFactory factory, string? token, string? path = null, string? cookie = null)
    {
        var server = factory.Server;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, (path ?? RoomsPaths.Hub).TrimStart('/')), o =>
            {
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
                o.Transports = HttpTransportType.WebSockets;
                if (cookie is not null)
                {
                    o.Headers["Cookie"] = cookie;
                }
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var ws = server.CreateWebSocketClient();
                    ws.ConfigureRequest = request =>
                    {
                        if (token is not null)
                        {
                            request.Headers.Authorization = "Bearer " + token;
                        }
                        if (cookie is not null)
                        {
                            request.Headers.Cookie = cookie;
                        }
                    };
                    return await ws.ConnectAsync(context.Uri, cancellationToken);
                };
            })
            .AddJsonProtocol(o =>
            {
                o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter());
                o.PayloadSerializerOptions.AllowOutOfOrderMetadataProperties = true;
                EventSerializer.UseEventContract(o.PayloadSerializerOptions);
            })
            .Build();
    }

    /// <param name="cookie">Signs in with this session cookie instead (token null), as a browser does.</param>
    public static async Task<RoomClient> ConnectAsync(RoundtableFactory factory, string? token, string? cookie = null)
    {
        var client = new RoomClient(Build(factory, token, cookie: cookie), null);
        await client.Connection.StartAsync();
        return client;
    }

    /// <summary>Connects and joins <paramref name="roomId"/>, then catches up from <paramref name="afterSeq"/>.</summary>
    public static async Task<RoomClient> JoinAsync(RoundtableFactory factory, string token, string roomId, long afterSeq = 0)
    {
        var client = await ConnectAsync(factory, token);
        await client.JoinAsync(roomId, afterSeq);
        return client;
    }

    public async Task<JoinResult> JoinAsync(string roomId, long afterSeq = 0)
    {
        RoomId = roomId;
        Joined = await Connection.InvokeAsync<JoinResult>("Join", new JoinRequest(roomId, RoomProtocol.Version));
        await CatchupAsync(afterSeq);
        return Joined;
    }

    /// <summary>Fills the view from the log, page by page, as a client does after a gap or a reconnect.</summary>
    public async Task CatchupAsync(long afterSeq)
    {
        while (true)
        {
            var page = await Connection.InvokeAsync<CatchupResult>("Catchup", RoomId, afterSeq);
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
            afterSeq = page.Events[^1].Seq;
        }
    }

    public Task<PostMessageResult> PostAsync(string markdown, string? clientMessageId = null) =>
        Connection.InvokeAsync<PostMessageResult>("PostMessage", new PostMessageRequest(RoomId, markdown, clientMessageId));

    /// <summary>Completes when the condition holds (checked on every delivery), or fails after the timeout.</summary>
    public async Task WaitUntilAsync(Func<RoomClient, bool> condition, string what, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (condition(this))
            {
                return;
            }
            _waiters.Add((() => condition(this), done));
        }
        try
        {
            await done.Task.WaitAsync(timeout ?? Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting until {what}; the view ends at seq {LastContiguousSeq}.");
        }
    }

    /// <summary>Waits until the view holds every seq up to <paramref name="seq"/>.</summary>
    public Task WaitForSeqAsync(long seq) => WaitUntilAsync(c => c.ContiguousUpTo() >= seq, $"seq {seq} has arrived");

    public Task<RoomEventEnvelope> WaitForEventAsync(Func<RoomEventEnvelope, bool> match, string what)
    {
        RoomEventEnvelope? found = null;
        return WaitUntilAsync(c =>
        {
            found = c._received.FirstOrDefault(match);
            return found is not null;
        }, what).ContinueWith(t => { t.GetAwaiter().GetResult(); return found!; }, TaskScheduler.Default);
    }

    private long ContiguousUpTo()
    {
        long last = 0;
        foreach (var seq in _view.Keys)
        {
            if (seq != last + 1)
            {
                break;
            }
            last = seq;
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

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}

public static class LogReader
{
    /// <summary>Every event of a room as the server's log holds it.</summary>
    public static async Task<List<RoomEventEnvelope>> RoomEventsAsync(RoundtableFactory factory, string roomId)
    {
        var log = factory.Services.GetRequiredService<IEventLog>();
        var events = await log.ReadStreamAsync(StreamNames.Room(roomId), 0, int.MaxValue);
        return events.Select(RoomEventEnvelope.From).ToList();
    }

    public static async Task<long> RoomVersionAsync(RoundtableFactory factory, string roomId) =>
        await factory.Services.GetRequiredService<IEventLog>().GetStreamVersionAsync(StreamNames.Room(roomId));

    public static IEnumerable<T> Of<T>(this IEnumerable<RoomEventEnvelope> events) where T : DomainEvent =>
        events.Select(e => e.Event).OfType<T>();
}
