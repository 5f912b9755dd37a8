using Roundtable.Core.Events;
using Roundtable.Core.Log;

namespace Roundtable.Core.Rooms;

/// <summary>
/// One feature of a room, as one unit: the events it folds into its own state, the commands it decides, its veto on
/// other features' commands, how its events and chat messages look to each viewer, and its part of the snapshot.
/// A room is composed of the features listed in <see cref="RoomFeatures"/>; a feature reads another's state only
/// through <see cref="RoomState.Feature{T}"/>.
/// </summary>
public abstract class RoomFeature
{
    private readonly Dictionary<Type, Action<RoomState, StoredEvent>> _appliers = [];
    private readonly Dictionary<Type, Func<RoomState, StoredEvent, Viewer, DomainEvent?>> _viewers = [];
    private readonly Dictionary<Type, Func<StoredEvent, string?>> _concerned = [];

    /// <summary>Where this feature's state sits in every room (set once, when the features are composed).</summary>
    internal int Slot { get; set; }

    /// <summary>The type of the feature's state (what <see cref="RoomState.Feature{T}"/> asks for).</summary>
    public abstract Type StateType { get; }

    /// <summary>The base type of the commands this feature decides; null when it decides none.</summary>
    public virtual Type? CommandType => null;

    /// <summary>The type of this feature's part of the snapshot; null when it adds none.</summary>
    public virtual Type? SnapshotPartType => null;

    /// <summary>The room events this feature folds; they are also what it declares to the event serializer.</summary>
    public IEnumerable<Type> EventTypes => _appliers.Keys;

    internal IReadOnlyDictionary<Type, Action<RoomState, StoredEvent>> Appliers => _appliers;

    internal IReadOnlyDictionary<Type, Func<RoomState, StoredEvent, Viewer, DomainEvent?>> Viewers => _viewers;

    internal IReadOnlyDictionary<Type, Func<StoredEvent, string?>> Concerned => _concerned;

    /// <summary>A new room's state for this feature.</summary>
    internal abstract object CreateState(RoomState room);

    /// <summary>Decides one of this feature's own commands (of <see cref="CommandType"/>).</summary>
    internal virtual Decision Decide(RoomState room, Actor actor, RoomCommand command, RoomDecider tools) =>
        Decision.Reject(Rejection.InvalidArgument, "Unknown command.");

    /// <summary>This feature's refusal of any command, its own or another feature's; null lets it through.</summary>
    public virtual Decision? Veto(RoomState room, Actor actor, RoomCommand command) => null;

    /// <summary>A chat message as <paramref name="viewer"/> may see it, as far as this feature is concerned.</summary>
    public virtual ChatMessage ViewMessage(RoomState room, ChatMessage message, Viewer viewer) => message;

    /// <summary>This feature's part of the snapshot for <paramref name="viewer"/>; null when it adds none.</summary>
    internal virtual object? SnapshotPart(RoomState room, Viewer viewer) => null;

    private protected void AddApplier(Type eventType, Action<RoomState, StoredEvent> apply) => _appliers.Add(eventType, apply);

    private protected void AddViewer(Type eventType, Func<RoomState, StoredEvent, Viewer, DomainEvent?> view) => _viewers.Add(eventType, view);

    private protected void AddConcerned(Type eventType, Func<StoredEvent, string?> person) => _concerned.Add(eventType, person);
}

/// <summary>A feature with its own state <typeparamref name="TState"/> and its own commands, all derived from <typeparamref name="TCommand"/>.</summary>
public abstract class RoomFeature<TState, TCommand> : RoomFeature
    where TState : class
    where TCommand : RoomCommand
{
    public sealed override Type StateType => typeof(TState);

    public override Type? CommandType => typeof(TCommand) == typeof(RoomCommand) ? null : typeof(TCommand);

    internal sealed override object CreateState(RoomState room) => NewState(room);

    internal sealed override Decision Decide(RoomState room, Actor actor, RoomCommand command, RoomDecider tools) =>
        Decide(room, State(room), actor, (TCommand)command, tools);

    /// <summary>A new room's state for this feature; <paramref name="room"/> is there for states that read the core room (who is present).</summary>
    protected abstract TState NewState(RoomState room);

    /// <summary>Decides one of this feature's commands against its state and the room's.</summary>
    protected virtual Decision Decide(RoomState room, TState state, Actor actor, TCommand command, RoomDecider tools) =>
        Decision.Reject(Rejection.InvalidArgument, "Unknown command.");

    /// <summary>This feature's state in <paramref name="room"/>.</summary>
    protected TState State(RoomState room) => (TState)room.StateAt(Slot);

    /// <summary>Folds <typeparamref name="TEvent"/> into this feature's state.</summary>
    protected void On<TEvent>(Action<TState, TEvent, StoredEvent> apply)
        where TEvent : RoomEvent =>
        AddApplier(typeof(TEvent), (room, stored) => apply(State(room), (TEvent)stored.Event, stored));

    /// <summary>Folds <typeparamref name="TEvent"/> into this feature's state, reading the room (e.g. who is present) as it does.</summary>
    protected void On<TEvent>(Action<RoomState, TState, TEvent, StoredEvent> apply)
        where TEvent : RoomEvent =>
        AddApplier(typeof(TEvent), (room, stored) => apply(room, State(room), (TEvent)stored.Event, stored));

    /// <summary>
    /// How <typeparamref name="TEvent"/> (this feature's or another's) looks to a viewer: a changed copy, or null to
    /// leave it as it is.
    /// </summary>
    protected void View<TEvent>(Func<RoomState, TState, TEvent, StoredEvent, Viewer, DomainEvent?> view)
        where TEvent : DomainEvent =>
        AddViewer(typeof(TEvent), (room, stored, viewer) => view(room, State(room), (TEvent)stored.Event, stored, viewer));

    /// <summary>
    /// <typeparamref name="TEvent"/> is about one learner or manager (returned; null for nobody in particular), whose
    /// own view (<see cref="Viewer.UserId"/> set) differs from the rest of the participants'. Snapshots and catch-up
    /// always know the viewer; this is what lets the live path send that person their view too, while everyone else in
    /// the participants' audience gets the audience's view (often only a placeholder that keeps their seq gap-free).
    /// </summary>
    protected void Concerns<TEvent>(Func<TEvent, string?> person)
        where TEvent : DomainEvent =>
        AddConcerned(typeof(TEvent), stored => person((TEvent)stored.Event));
}

/// <summary>A feature whose part of the snapshot is a <typeparamref name="TPart"/>, read back with <see cref="RoomSnapshot.Part{T}"/>.</summary>
public abstract class RoomFeature<TState, TCommand, TPart> : RoomFeature<TState, TCommand>
    where TState : class
    where TCommand : RoomCommand
    where TPart : class
{
    public sealed override Type SnapshotPartType => typeof(TPart);

    internal sealed override object? SnapshotPart(RoomState room, Viewer viewer) => Snapshot(room, State(room), viewer);

    /// <summary>This feature's part of the snapshot, as <paramref name="viewer"/> may see it.</summary>
    protected abstract TPart Snapshot(RoomState room, TState state, Viewer viewer);
}
