using StackExchange.Redis;

namespace Roundtable.Server.Scaleout;

/// <summary>Every Redis key and channel of a deployment, built from its one prefix.</summary>
public sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    /// <summary>A log stream (a room, the directory) as a Redis stream; entry ids are "{seq}-0".</summary>
    public RedisKey Stream(string stream) => StreamPrefix + stream;

    /// <summary>What <see cref="Stream"/> puts before a stream's name (the trim script builds stream keys from it).</summary>
    public string StreamPrefix => $"{Prefix}:log:";

    /// <summary>
    /// A hash of stream name to version, for streams whose every event was trimmed (archived on every node): the
    /// version an append continues from, so a trimmed stream never restarts at seq 1.
    /// </summary>
    public RedisKey Trimmed => $"{Prefix}:log-trimmed";

    /// <summary>A hash of node id to the global position up to which that node has archived the log into its LiteDB.</summary>
    public RedisKey Archived => $"{Prefix}:log-archived";

    /// <summary>All events in global order, for projections; entry ids are "{position}-0".</summary>
    public RedisKey All => $"{Prefix}:log-all";

    /// <summary>The global position of the last event.</summary>
    public RedisKey Head => $"{Prefix}:log-head";

    /// <summary>Announces each append's last position, so followers need not poll.</summary>
    public RedisChannel Appended => RedisChannel.Literal($"{Prefix}:appended");

    /// <summary>The SignalR backplane's channel prefix.</summary>
    public RedisChannel Backplane => RedisChannel.Literal($"{Prefix}:signalr");

    public RedisKey DataProtectionKeys => $"{Prefix}:data-protection-keys";

    public RedisKey TokenSigningKey => $"{Prefix}:token-signing-key";

    /// <summary>Present while the node is alive (renewed with an expiry).</summary>
    public RedisKey Node(string nodeId) => $"{Prefix}:node:{nodeId}";

    /// <summary>Which nodes hold a connection of this user in this room (a set of node ids).</summary>
    public RedisKey Presence(string roomId, string userId) => $"{Prefix}:presence:{roomId}:{userId}";

    /// <summary>One limit's state (a person's token bucket, open connections or sign-in attempts), named by <see cref="Limits.LimitKeys"/>.</summary>
    public RedisKey Limit(string key) => $"{Prefix}:limit:{key}";
}
