using System.Collections.Frozen;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms.Notes;

namespace Roundtable.Core.Rooms;

/// <summary>
/// The features every room is composed of: adding a feature is one line here. The order matters in one way only:
/// vetoes are asked in this order before a command is decided, and the first refusal wins. The entry rules come
/// first, so someone kept out of the room hears why they are kept out (not that they are muted); then moderation
/// (muted, learners' chat off); then breakouts (a room with groups open cannot end). Each command and each event
/// belongs to exactly one feature, so nothing else depends on the order.
/// </summary>
public static class RoomFeatures
{
    public static readonly RoomComposition All = new(
    [
        new RoomCoreFeature(),
        new EntryFeature(),
        new ModerationFeature(),
        new AgendaFeature(),
        new StageFeature(),
        new NotesFeature(),
        new SpeakingQueueFeature(),
        new QuestionsFeature(),
        new PollsFeature(),
        new FeedbackFeature(),
        new SessionRatingFeature(),
        new BreakoutsFeature(),
        new MediaFeature(),
    ]);
}

/// <summary>
/// A list of features and the dispatch tables built from it once, at start-up: by event type (fold, views), by
/// command type (decide), and by state type (<see cref="RoomState.Feature{T}"/>), so the message path never searches.
/// </summary>
public sealed class RoomComposition
{
    private readonly FrozenDictionary<Type, Action<RoomState, StoredEvent>> _appliers;
    private readonly FrozenDictionary<Type, Func<RoomState, StoredEvent, Viewer, DomainEvent?>[]> _viewers;
    private readonly FrozenDictionary<Type, Func<StoredEvent, string?>> _concerned;
    private readonly FrozenDictionary<Type, int> _slots;
    private readonly Dictionary<Type, RoomFeature> _commandFeatures;
    private readonly RoomFeature[] _vetoes;
    private readonly RoomFeature[] _messageViewers;

    // Command types seen so far, each resolved once to its feature by walking up to a feature's command base type.
    private volatile FrozenDictionary<Type, RoomFeature?> _commandCache = FrozenDictionary<Type, RoomFeature?>.Empty;

    public RoomComposition(IReadOnlyList<RoomFeature> features)
    {
        Features = features;
        var appliers = new Dictionary<Type, Action<RoomState, StoredEvent>>();
        var viewers = new Dictionary<Type, List<Func<RoomState, StoredEvent, Viewer, DomainEvent?>>>();
        var slots = new Dictionary<Type, int>();
        var concerned = new Dictionary<Type, Func<StoredEvent, string?>>();
        _commandFeatures = [];
        for (var i = 0; i < features.Count; i++)
        {
            var feature = features[i];
            feature.Slot = i;
            slots.Add(feature.StateType, i);
            foreach (var (type, apply) in feature.Appliers)
            {
                if (!appliers.TryAdd(type, apply))
                {
                    throw new InvalidOperationException($"{type.Name} is folded by two room features.");
                }
            }
            foreach (var (type, view) in feature.Viewers)
            {
                (viewers.TryGetValue(type, out var list) ? list : viewers[type] = []).Add(view);
            }
            foreach (var (type, person) in feature.Concerned)
            {
                if (!concerned.TryAdd(type, person))
                {
                    throw new InvalidOperationException($"Two room features say whom {type.Name} concerns.");
                }
            }
            if (feature.CommandType is { } commandType)
            {
                _commandFeatures.Add(commandType, feature);
            }
        }
        _appliers = appliers.ToFrozenDictionary();
        _viewers = viewers.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray());
        _slots = slots.ToFrozenDictionary();
        _concerned = concerned.ToFrozenDictionary();
        _vetoes = [.. features.Where(f => Overrides(f, nameof(RoomFeature.Veto)))];
        _messageViewers = [.. features.Where(f => Overrides(f, nameof(RoomFeature.ViewMessage)))];
        EventTypes = [.. features.SelectMany(f => f.EventTypes)];
        SnapshotPartTypes = [.. features.Select(f => f.SnapshotPartType).OfType<Type>()];
    }

    public IReadOnlyList<RoomFeature> Features { get; }

    /// <summary>Every room event type, as the features declare them.</summary>
    public IReadOnlyList<Type> EventTypes { get; }

    /// <summary>The types of the snapshot's parts, in the features' order.</summary>
    public IReadOnlyList<Type> SnapshotPartTypes { get; }

    internal int SlotOf(Type stateType) =>
        _slots.TryGetValue(stateType, out var slot) ? slot : throw new InvalidOperationException($"No room feature keeps a {stateType.Name}.");

    internal void Apply(RoomState room, StoredEvent stored)
    {
        if (!_appliers.TryGetValue(stored.Event.GetType(), out var apply))
        {
            throw new InvalidOperationException($"{stored.Event.TypeName} is not a room event.");
        }
        apply(room, stored);
    }

    internal DomainEvent View(RoomState room, StoredEvent stored, Viewer viewer)
    {
        if (_viewers.TryGetValue(stored.Event.GetType(), out var views))
        {
            foreach (var view in views)
            {
                if (view(room, stored, viewer) is { } changed)
                {
                    return changed;
                }
            }
        }
        return stored.Event;
    }

    internal string? ConcernedPerson(StoredEvent stored) =>
        _concerned.TryGetValue(stored.Event.GetType(), out var person) ? person(stored) : null;

    internal ChatMessage ViewMessage(RoomState room, ChatMessage message, Viewer viewer)
    {
        foreach (var feature in _messageViewers)
        {
            message = feature.ViewMessage(room, message, viewer);
        }
        return message;
    }

    internal Decision? Veto(RoomState room, Actor actor, RoomCommand command)
    {
        foreach (var feature in _vetoes)
        {
            if (feature.Veto(room, actor, command) is { } refusal)
            {
                return refusal;
            }
        }
        return null;
    }

    internal RoomFeature? FeatureFor(RoomCommand command)
    {
        var type = command.GetType();
        var cache = _commandCache;
        if (cache.TryGetValue(type, out var feature))
        {
            return feature;
        }
        for (var t = type; t is not null && feature is null; t = t.BaseType)
        {
            feature = _commandFeatures.GetValueOrDefault(t);
        }
        _commandCache = new Dictionary<Type, RoomFeature?>(cache) { [type] = feature }.ToFrozenDictionary();
        return feature;
    }

    internal List<object> SnapshotParts(RoomState room, Viewer viewer)
    {
        var parts = new List<object>(SnapshotPartTypes.Count);
        foreach (var feature in Features)
        {
            if (feature.SnapshotPart(room, viewer) is { } part)
            {
                parts.Add(part);
            }
        }
        return parts;
    }

    private static bool Overrides(RoomFeature feature, string method) =>
        feature.GetType().GetMethods().Any(m => m.Name == method && m.DeclaringType != typeof(RoomFeature));
}
