using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Core.Events;
using Roundtable.Server.Rooms;

namespace Roundtable.Scaleout.Tests.Infrastructure;

/// <summary>
/// A room participant over the SignalR .NET client, behaving like the browser client: it keeps the room's events by
/// seq (dropping repeats), and fills gaps and reconnects with Catchup from the last seq it holds. Tests wait on it
/// with timeouts; nothing is asserted inside the RoomEvents callback.
/// </summary>
public sealed class RoomClient : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, RoomEventEnvelope> _events = [];
    private readonly List<JsonElement> _feedbackUpdates = [];
    private TaskCompletionSource _changed = NewSignal();
    private HubConnection _connection;

    private RoomClient(string name, string email, string roomId, IEndpoint node, HubConnection connection)
    {
        Name = name;
        Email = email;
        RoomId = roomId;
        Node = node;
        _connection = connection;
    }

    public string Name { get; }

    public string Email { get; }

    public string RoomId { get; }

    /// <summary>The node (or load balancer) this client is connected to now.</summary>
    public IEndpoint Node { get; private set; }

    public string UserId { get; private set; } = "";

    /// <summary>Events that arrived pushed by the server (RoomEvents), as opposed to fetched by Catchup.</summary>
    public int PushedEvents { get; private set; }

    public HubConnectionState State => _connection.State;

    /// <param name="stickyCookie">Sent as the session cookie, for a load balancer that hashes on it (the hub itself uses the token).</param>
    public static async Task<RoomClient> ConnectAsync(IEndpoint node, string email, string roomId, string name, string? stickyCookie = null)
    {
        var connection = await OpenAsync(node, email, stickyCookie);
        var client = new RoomClient(name, email, roomId, node, connection);
        client.Listen(connection);
        await connection.StartAsync();
        return client;
    }

    public async Task JoinAsync()
    {
        var result = await _connection.InvokeAsync<JsonElement>("Join", new { roomId = RoomId, protocolVersion = 1 });
        UserId = result.GetProperty("userId").GetString()!;
        await CatchupAsync();
    }

    /// <summary>Posts a message; returns the seq the server acknowledged it with.</summary>
    public async Task<long> PostAsync(string markdown, string clientMessageId)
    {
        var result = await _connection.InvokeAsync<PostMessageResult>("PostMessage", new { roomId = RoomId, markdown, clientMessageId });
        return result.Seq;
    }

    /// <summary>The sanitised HTML the server renders for <paramref name="markdown"/>.</summary>
    public Task<string> PreviewAsync(string markdown) => _connection.InvokeAsync<string>("PreviewMarkdown", markdown);

    /// <summary>Asks for everything after the last contiguous seq held, page by page.</summary>
    public async Task CatchupAsync()
    {
        while (true)
        {
            var page = await _connection.InvokeAsync<CatchupResult>("Catchup", RoomId, ContiguousSeq);
            Add(page.Events, pushed: false);
            if (!page.HasMore)
            {
                return;
            }
        }
    }

    /// <summary>The room's whole log as this client's node serves it (Catchup from 0), without touching what it holds.</summary>
    public async Task<List<RoomEventEnvelope>> ReadLogAsync()
    {
        var all = new List<RoomEventEnvelope>();
        while (true)
        {
            var page = await _connection.InvokeAsync<CatchupResult>("Catchup", RoomId, all.Count == 0 ? 0 : all[^1].Seq);
            all.AddRange(page.Events);
            if (!page.HasMore)
            {
                return all;
            }
        }
    }

    /// <summary>
    /// Moves to another node the way a browser does after its node died: a new connection (with a token from the
    /// new node), Join, then Catchup from the last seq seen.
    /// </summary>
    public async Task ReconnectToAsync(ServerNode node)
    {
        var old = _connection;
        await old.DisposeAsync();
        var connection = await OpenAsync(node, Email);
        Listen(connection);
        await connection.StartAsync();
        _connection = connection;
        Node = node;
        await JoinAsync();
    }

    /// <summary>The highest seq n such that this client holds every event 1..n.</summary>
    public long ContiguousSeq
    {
        get
        {
            lock (_lock)
            {
                long n = 0;
                while (_events.ContainsKey(n + 1))
                {
                    n++;
                }
                return n;
            }
        }
    }

    public List<RoomEventEnvelope> Events(long upTo)
    {
        lock (_lock)
        {
            return _events.Values.Where(e => e.Seq <= upTo).ToList();
        }
    }

    /// <summary>
    /// Waits until the client holds every event up to <paramref name="seq"/>. With <paramref name="fillGaps"/> it asks
    /// for missing events after a short quiet spell, as the browser does; without, only pushed events count.
    /// </summary>
    public async Task WaitForSeqAsync(long seq, TimeSpan timeout, bool fillGaps)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var signal = Volatile.Read(ref _changed);
            if (ContiguousSeq >= seq)
            {
                return;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{Name} on {Node.Name} holds events up to seq {ContiguousSeq} (max {MaxSeq}), not {seq}, after {timeout.TotalSeconds:0} s.");
            }
            var wait = fillGaps ? TimeSpan.FromMilliseconds(Math.Min(500, remaining.TotalMilliseconds)) : remaining;
            try
            {
                await signal.Task.WaitAsync(wait);
            }
            catch (TimeoutException)
            {
                if (fillGaps && _connection.State == HubConnectionState.Connected)
                {
                    await CatchupAsync();
                }
            }
        }
    }

    private long MaxSeq
    {
        get
        {
            lock (_lock)
            {
                return _events.Count == 0 ? 0 : _events.Keys.Max();
            }
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    /// <summary>Completes when the current connection closes by itself (its node died), not when the test disposes it.</summary>
    public Task Closed { get; private set; } = Task.CompletedTask;

    /// <summary>Every feedback update received (as sent: JSON), in arrival order.</summary>
    public IReadOnlyList<JsonElement> FeedbackUpdates
    {
        get { lock (_lock) { return [.. _feedbackUpdates]; } }
    }

    /// <summary>Calls a hub method on the current connection.</summary>
    public Task<T> InvokeAsync<T>(string method, params object?[] args) => _connection.InvokeCoreAsync<T>(method, args);

    /// <summary>Waits until a feedback update satisfies <paramref name="match"/>; returns it.</summary>
    public async Task<JsonElement> WaitForFeedbackAsync(Func<JsonElement, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var signal = Volatile.Read(ref _changed);
            var found = FeedbackUpdates.Where(match).ToList();
            if (found.Count > 0)
            {
                return found[^1];
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{Name} on {Node.Name}: no feedback update where {what} after {timeout.TotalSeconds:0} s.");
            }
            await signal.Task.WaitAsync(remaining).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void Listen(HubConnection connection)
    {
        connection.On<List<RoomEventEnvelope>>("RoomEvents", events => Add(events.Where(e => e.RoomId == RoomId), pushed: true));
        connection.On<JsonElement>("FeedbackUpdated", update =>
        {
            lock (_lock)
            {
                _feedbackUpdates.Add(update.Clone());
            }
            Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
        });
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        Closed = closed.Task;
    }

    private void Add(IEnumerable<RoomEventEnvelope> events, bool pushed)
    {
        lock (_lock)
        {
            foreach (var e in events)
            {
                if (_events.TryAdd(e.Seq, e) && pushed)
                {
                    PushedEvents++;
                }
            }
        }
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    private static async Task<HubConnection> OpenAsync(IEndpoint node, string email, string? stickyCookie = null)
    {
        var token = await node.TokenAsync(email);
        return new HubConnectionBuilder()
            .WithUrl(new Uri(node.BaseAddress, "hubs/room"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                // WebSockets only, after negotiation, as the browser uses it: a proxy that breaks the upgrade, or sends
                // the negotiate and the socket to different nodes, fails here instead of falling back.
                o.Transports = HttpTransportType.WebSockets;
                if (stickyCookie is not null)
                {
                    o.Headers["Cookie"] = "roundtable=" + stickyCookie;
                }
            })
            .AddJsonProtocol(o =>
            {
                o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter());
                o.PayloadSerializerOptions.AllowOutOfOrderMetadataProperties = true;
                EventSerializer.UseEventContract(o.PayloadSerializerOptions);
            })
            .Build();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
