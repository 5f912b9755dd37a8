using StackExchange.Redis;

namespace Roundtable.Scaleout.Tests.Infrastructure;

/// <summary>Looks at a deployment's log keys in Redis directly: what is held, what was trimmed, how much memory it takes.</summary>
public sealed class RedisLogProbe(Cluster cluster) : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis = ConnectionMultiplexer.Connect(cluster.Redis.Configuration + ",allowAdmin=true");

    private IDatabase Db => _redis.GetDatabase();

    private string Prefix => cluster.Prefix;

    public async Task<long> HeadAsync() => (long?)await Db.StringGetAsync($"{Prefix}:log-head") ?? 0;

    /// <summary>The oldest position the global stream still holds (0 when empty).</summary>
    public async Task<long> OldestPositionAsync()
    {
        var first = await Db.StreamRangeAsync($"{Prefix}:log-all", "-", "+", 1);
        return first.Length == 0 ? 0 : long.Parse(((string)first[0].Id!).Split('-')[0]);
    }

    public Task<long> GlobalLengthAsync() => Db.StreamLengthAsync($"{Prefix}:log-all");

    public Task<bool> RoomStreamExistsAsync(string roomId) => Db.KeyExistsAsync($"{Prefix}:log:room-{roomId}");

    public async Task<long?> TrimmedVersionAsync(string roomId) => (long?)await Db.HashGetAsync($"{Prefix}:log-trimmed", $"room-{roomId}");

    /// <summary>Each node's reported archive position.</summary>
    public async Task<Dictionary<string, long>> ArchivedAsync() =>
        (await Db.HashGetAllAsync($"{Prefix}:log-archived")).ToDictionary(e => (string)e.Name!, e => (long)e.Value);

    /// <summary>
    /// Bytes Redis uses for the log's keys (MEMORY USAGE, every entry counted), the part of it that is room streams
    /// still held (rooms inside the retention window, whose number depends on when the trimmer last ran), and
    /// used_memory overall.
    /// </summary>
    public async Task<(long LogBytes, long RoomStreamBytes, long UsedMemory)> MemoryAsync()
    {
        var server = _redis.GetServer(_redis.GetEndPoints()[0]);
        long total = 0;
        long rooms = 0;
        await foreach (var key in server.KeysAsync(pattern: $"{Prefix}:log*"))
        {
            var bytes = (long)await Db.ExecuteAsync("MEMORY", "USAGE", (string)key!, "SAMPLES", "0");
            total += bytes;
            rooms += ((string)key!).StartsWith($"{Prefix}:log:room-", StringComparison.Ordinal) ? bytes : 0;
        }
        var info = await server.InfoAsync("memory");
        var used = long.Parse(info.SelectMany(g => g).First(p => p.Key == "used_memory").Value);
        return (total, rooms, used);
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
