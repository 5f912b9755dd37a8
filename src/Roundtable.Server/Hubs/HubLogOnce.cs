using System.Collections.Concurrent;

namespace Roundtable.Server.Hubs;

/// <summary>
/// Remembers which kinds of bad call or failure have been logged, so each kind is logged once (then at Debug): a
/// client repeating a bad call thousands of times cannot fill the log. Kinds are named by the server (hub, method,
/// exception type), never by what a client sent, so the set stays small.
/// </summary>
public sealed class HubLogOnce
{
    private readonly ConcurrentDictionary<string, bool> _seen = new(StringComparer.Ordinal);

    /// <summary>True the first time this kind is seen.</summary>
    public bool First(string kind) => _seen.TryAdd(kind, true);
}
