using System.Collections.Concurrent;

namespace Roundtable.Server.Projection;

/// <summary>
/// Read models the hub consults on every command (the caller's account, the roundtable, the membership), kept in
/// memory between directory changes. The projector clears it after every batch that changed a read model; a
/// reader caches what it read only if no clear happened meanwhile, so a stale record is never kept.
/// </summary>
public sealed class ReadModelCache
{
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<(Type Type, string Id), object?> _records = new();
    private long _generation;

    /// <summary>The record of type <typeparamref name="T"/> with this id, from memory or from <paramref name="load"/>.</summary>
    public T? Get<T>(string id, Func<string, T?> load) where T : class
    {
        var key = (typeof(T), id);
        if (_records.TryGetValue(key, out var cached))
        {
            return (T?)cached;
        }
        var generation = Volatile.Read(ref _generation);
        var loaded = load(id);
        lock (_lock)
        {
            if (generation == _generation)
            {
                _records[key] = loaded;
            }
        }
        return loaded;
    }

    /// <summary>Called by the projector once a batch that changed read models has committed.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _generation++;
            _records.Clear();
        }
    }
}
