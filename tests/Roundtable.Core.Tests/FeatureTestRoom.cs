using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.RoomStateTests;

namespace Roundtable.Core.Tests;

/// <summary>A room built up one decided command at a time, the way the runner does it, for the queue, Q&amp;A, poll and feedback tests.</summary>
internal sealed class FeatureTestRoom
{
    public static readonly Actor Coach = new("coach", "Cora", RoomRole.Coach);
    public static readonly Actor Admin = new("admin", "Ada", RoomRole.Admin);
    public static readonly Actor Lena = new("lena", "Lena", RoomRole.Learner);
    public static readonly Actor Liam = new("liam", "Liam", RoomRole.Learner);
    public static readonly Actor Noor = new("noor", "Noor", RoomRole.Learner);
    public static readonly Actor Max = new("max", "Max", RoomRole.Manager);

    private readonly RoomDecider _decider;
    private readonly TimeProvider? _time;
    private readonly List<StoredEvent> _log = [];

    public FeatureTestRoom(params Actor[] present)
        : this(null, present)
    {
    }

    /// <param name="time">The clock the decider reads and the log stamps events with; null for fixed stamps a second apart.</param>
    public FeatureTestRoom(TimeProvider? time, params Actor[] present)
    {
        _time = time;
        _decider = new(new MarkdownRenderer(), time);
        Append(new RoundtableStarted(Coach.UserId));
        foreach (var a in present)
        {
            Append(new ParticipantJoined(a.UserId, a.DisplayName, a.Role));
        }
    }

    public RoomState State { get; private set; } = new("room1");

    public IReadOnlyList<StoredEvent> Log => _log;

    public long Append(DomainEvent e)
    {
        var stored = Stored(_log.Count + 1, e);
        if (_time is not null)
        {
            stored = stored with { At = _time.GetUtcNow() };
        }
        _log.Add(stored);
        State.Apply(stored);
        return stored.Seq;
    }

    public Decision Decide(Actor actor, RoomCommand command) => _decider.Decide(State, actor, command);

    /// <summary>Decides and appends; fails the test when refused. Returns the decision.</summary>
    public Decision Run(Actor actor, RoomCommand command)
    {
        var decision = Decide(actor, command);
        Assert.True(decision.Accepted, decision.Reason);
        foreach (var e in decision.Events)
        {
            Append(e);
        }
        return decision;
    }

    public long LastSeq => _log.Count;

    public RoomState Replayed() => RoomState.Fold("room1", _log);

    public static void AssertRejected(Decision decision, Rejection expected)
    {
        Assert.False(decision.Accepted);
        Assert.Equal(expected, decision.Rejection);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
        Assert.Empty(decision.Events);
    }

    public static void AssertAlreadyDone(Decision decision)
    {
        Assert.True(decision.Accepted);
        Assert.Empty(decision.Events);
    }
}
