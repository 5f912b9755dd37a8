using System.Net.Http.Json;
using System.Text.Json;

namespace Roundtable.Scaleout.Tests.Infrastructure;

/// <summary>
/// A scaled deployment on this machine: one redis-server and server nodes sharing it under a key prefix of their
/// own. Node 1 starts alone (it seeds the demo on the empty log), then the others. Nodes can be added, killed and
/// Redis restarted; everything is killed by PID on dispose.
/// </summary>
public class Cluster : IAsyncLifetime
{
    private readonly int _initialNodes;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly List<ServerNode> _nodes = [];
    private int _started;

    /// <param name="heartbeatInterval">Default 1 s, faster than the deployment's 2 s, so a killed node's claims lapse within seconds.</param>
    /// <param name="nodeTimeout">Default 3 s (deployment: 6 s).</param>
    /// <param name="settings">More settings for every node, as environment variables (e.g. "Limits__CommandBurst").</param>
    protected Cluster(int initialNodes, TimeSpan? heartbeatInterval = null, TimeSpan? nodeTimeout = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        _initialNodes = initialNodes;
        _settings = settings ?? new Dictionary<string, string>();
        HeartbeatInterval = heartbeatInterval ?? TimeSpan.FromSeconds(1);
        NodeTimeout = nodeTimeout ?? TimeSpan.FromSeconds(3);
    }

    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    public TimeSpan HeartbeatInterval { get; }

    public TimeSpan NodeTimeout { get; }

    /// <summary>Also the presence sweep period.</summary>
    public TimeSpan GracePeriod { get; } = TimeSpan.FromSeconds(2);

    public RedisServer Redis { get; } = new();

    public string Prefix { get; } = "rt-" + Guid.NewGuid().ToString("N")[..12];

    public IReadOnlyList<ServerNode> Nodes => _nodes;

    public ServerNode this[int index] => _nodes[index];

    /// <summary>The live demo roundtable ("Week 1: Opening roundtable").</summary>
    public string LiveRoomId { get; private set; } = "";

    public virtual async Task InitializeAsync()
    {
        await Redis.StartAsync();
        for (var i = 0; i < _initialNodes; i++)
        {
            await StartNodeAsync();
        }
        LiveRoomId = await FindLiveRoomAsync(_nodes[0]);
    }

    /// <summary>A new roundtable in the demo cohort, scheduled for now by the coach through the given node; its id.</summary>
    public static async Task<string> NewRoundtableAsync(ServerNode node, string title)
    {
        var coach = await node.TokenAsync(Accounts.Coach);
        using var homeResponse = await node.Http.SendAsync(node.Request(HttpMethod.Get, "api/home", coach));
        var home = await homeResponse.Content.ReadFromJsonAsync<JsonElement>();
        var cohortId = home.GetProperty("cohorts").EnumerateArray().First().GetProperty("cohort").GetProperty("id").GetString()!;
        using var scheduled = await node.Http.SendAsync(node.Request(HttpMethod.Post, $"api/cohorts/{cohortId}/roundtables", coach,
            new { title, scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 }));
        scheduled.EnsureSuccessStatusCode();
        return (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Starts one more node (empty data directory) and waits until it is ready.</summary>
    public Task<ServerNode> StartNodeAsync() => StartNodeAsync(dataDirectory: null);

    /// <summary>
    /// Starts one more node on <paramref name="dataDirectory"/> (null: an empty one of its own) and, unless told not
    /// to, waits until it is ready.
    /// </summary>
    public async Task<ServerNode> StartNodeAsync(string? dataDirectory, bool waitUntilReady = true)
    {
        var settings = new Dictionary<string, string>(_settings)
        {
            ["Redis__HeartbeatInterval"] = HeartbeatInterval.ToString("c"),
            ["Redis__NodeTimeout"] = NodeTimeout.ToString("c"),
            ["Rooms__PresenceGracePeriod"] = GracePeriod.ToString("c"),
        };
        if (dataDirectory is not null)
        {
            settings["Storage__DataDirectory"] = dataDirectory;
        }
        var node = ServerNode.Start($"node{Interlocked.Increment(ref _started)}", Redis, Prefix, settings);
        _nodes.Add(node);
        if (!waitUntilReady)
        {
            return node;
        }
        await node.WaitUntilReadyAsync(ReadyTimeout);
        return node;
    }

    public async Task<RoomClient> ConnectAsync(ServerNode node, string email, string? roomId = null, string? name = null)
    {
        var client = await RoomClient.ConnectAsync(node, email, roomId ?? LiveRoomId, name ?? $"{email.Split('@')[0]}@{node.Name}");
        try
        {
            await client.JoinAsync();
        }
        catch (Exception ex)
        {
            // The server's side of "an unexpected error" is only in its own log.
            throw new InvalidOperationException(ex.Message + "\n" + node.Logs(), ex);
        }
        return client;
    }

    /// <summary>The room's log as the given node reads it: Catchup from 0 over a fresh connection.</summary>
    public async Task<List<Roundtable.Server.Rooms.RoomEventEnvelope>> ReadLogAsync(ServerNode node, string? roomId = null)
    {
        await using var reader = await RoomClient.ConnectAsync(node, Accounts.Admin, roomId ?? LiveRoomId, "log-reader");
        return await reader.ReadLogAsync();
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        await Redis.DisposeAsync();
    }

    public static async Task<string> FindLiveRoomAsync(ServerNode node)
    {
        var token = await node.TokenAsync(Accounts.Coach);
        using var response = await node.Http.SendAsync(node.Request(HttpMethod.Get, "api/home", token));
        response.EnsureSuccessStatusCode();
        var home = await response.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var cohort in home.GetProperty("cohorts").EnumerateArray())
        {
            foreach (var roundtable in cohort.GetProperty("roundtables").EnumerateArray())
            {
                if (roundtable.GetProperty("title").GetString() == Accounts.LiveRoomTitle
                    && roundtable.GetProperty("status").GetString() == "Live")
                {
                    return roundtable.GetProperty("id").GetString()!;
                }
            }
        }
        throw new InvalidOperationException($"No live '{Accounts.LiveRoomTitle}' in /api/home: {home}");
    }
}

/// <summary>Two nodes for the tests that leave the deployment as they found it.</summary>
public sealed class TwoNodeCluster() : Cluster(2);

[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<TwoNodeCluster>
{
    public const string Name = "two nodes on one Redis";
}
