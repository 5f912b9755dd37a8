namespace Roundtable.Core.Log;

/// <summary>
/// One stream of the log folded into the state a writer decides against, as far as it has been read: the state, the
/// version (the seq of the last event applied) and that event's global position. <see cref="CatchUpAsync"/> reads
/// only what came after, so a fold kept between commands (a room's cache) or across a retry costs one version check
/// when nothing changed. Not thread-safe: one command at a time uses a fold.
/// </summary>
public sealed class FoldedStream<TState>
{
    private const int ReadPage = 1000;
    // Either the events are applied, or (reading no events) the state is made from the version alone.
    private readonly Func<TState, StoredEvent, TState>? _apply;
    private readonly Func<long, TState>? _ofVersion;
    private long _positionVersion;
    private long _position;

    internal FoldedStream(string stream, TState state, Func<TState, StoredEvent, TState>? apply, Func<long, TState>? ofVersion)
    {
        Stream = stream;
        State = state;
        _apply = apply;
        _ofVersion = ofVersion;
    }

    public string Stream { get; }

    public TState State { get; private set; }

    /// <summary>The seq of the last event folded in; 0 for an empty stream.</summary>
    public long Version { get; private set; }

    /// <summary>Brings the fold up to the stream's current version.</summary>
    public async Task CatchUpAsync(IEventLog log, CancellationToken cancellationToken = default)
    {
        // Asking the version first is cheap where the log knows it (embedded: in memory); reading is not.
        var version = await log.GetStreamVersionAsync(Stream, cancellationToken);
        if (version == Version)
        {
            return;
        }
        if (_ofVersion is not null)
        {
            MoveTo(version);
            return;
        }
        while (true)
        {
            var page = await log.ReadStreamAsync(Stream, Version, ReadPage, cancellationToken);
            Apply(page);
            if (page.Count < ReadPage)
            {
                return;
            }
        }
    }

    /// <summary>Folds in events just appended or read (in seq order, following <see cref="Version"/>).</summary>
    internal void Apply(IReadOnlyList<StoredEvent> events)
    {
        foreach (var stored in events)
        {
            if (_apply is not null)
            {
                State = _apply(State, stored);
            }
            MoveTo(stored.Seq);
            _positionVersion = stored.Seq;
            _position = stored.Position;
        }
    }

    private void MoveTo(long version)
    {
        Version = version;
        if (_ofVersion is not null)
        {
            State = _ofVersion(version);
        }
    }

    /// <summary>The global position of the stream's last event as folded (0 for an empty stream): what a decision made
    /// against read models waits for.</summary>
    internal async Task<long> LastPositionAsync(IEventLog log, CancellationToken cancellationToken)
    {
        if (Version == 0)
        {
            return 0;
        }
        if (_positionVersion != Version)
        {
            var last = await log.ReadStreamAsync(Stream, Version - 1, 1, cancellationToken);
            _position = last.Count == 1 ? last[0].Position : 0;
            _positionVersion = Version;
        }
        return _position;
    }
}

/// <summary>Ways to fold a stream.</summary>
public static class FoldedStream
{
    /// <summary>Folds the stream from its start: <paramref name="initial"/>, then each event through <paramref name="apply"/>.</summary>
    public static FoldedStream<TState> Of<TState>(string stream, TState initial, Func<TState, StoredEvent, TState> apply) =>
        new(stream, initial, apply, null);

    /// <summary>Folds a mutable state from its start, through <paramref name="apply"/> on each event.</summary>
    public static FoldedStream<TState> Of<TState>(string stream, TState initial, Action<TState, StoredEvent> apply) =>
        new(stream, initial, (state, stored) =>
        {
            apply(state, stored);
            return state;
        }, null);

    /// <summary>
    /// Only the stream's version, reading no events: for writes whose decision needs nothing from the stream's earlier
    /// events (or takes it from read models, see <see cref="StreamWriteOptions.DecideOnReadModels"/>). The state is the version.
    /// </summary>
    public static FoldedStream<long> VersionOnly(string stream) => new(stream, 0, null, version => version);
}
