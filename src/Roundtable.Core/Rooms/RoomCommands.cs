namespace Roundtable.Core.Rooms;

/// <summary>Who is asking: resolved from the signed-in user and their role in the room's cohort.</summary>
public sealed record Actor(string UserId, string DisplayName, RoomRole Role)
{
    public bool CanFacilitate => Role is RoomRole.Coach or RoomRole.Admin;
}

/// <summary>The closed set of things a caller can ask of a room. Imperative names; the events they produce are past tense.</summary>
public abstract record RoomCommand;

public sealed record JoinRoom : RoomCommand;

public sealed record LeaveRoom(LeaveReason Reason) : RoomCommand;

public sealed record PostMessage(string Markdown, string? ClientMessageId) : RoomCommand;

/// <param name="Recurring">A room that meets again (a circle's): once ended, starting it opens the next meeting.</param>
public sealed record StartRoundtable(bool Recurring = false) : RoomCommand;

public sealed record EndRoundtable : RoomCommand;

/// <summary>Named reasons a command is refused; each comes with a message a person can act on.</summary>
public enum Rejection
{
    RoomEnded,
    NotInRoom,
    NotAllowed,
    EmptyMessage,
    MessageTooLarge,
    MarkdownTooDeep,
    InvalidArgument,
    AlreadyLive,
    NotLive,
    UnknownAgendaItem,
    NoTimer,
    NoPresentation,
    NoteConflict,
    NotInQueue,
    UnknownQuestion,
    UnknownPoll,
    PollClosed,
    NoFeedbackWindow,
    FeedbackClosed,
    UnknownFeedback,
    NotEnded,
    NoBreakouts,
    BreakoutsOpen,
    UnknownGroup,
}

/// <summary>What a command decided: the events to append (possibly none), or a rejection.</summary>
public sealed record Decision(IReadOnlyList<Events.RoomEvent> Events, Rejection? Rejection, string? Reason, long? ExistingSeq = null)
{
    public static Decision Accept(params Events.RoomEvent[] events) => new(events, null, null);

    /// <summary>Accepted, but it had already happened (e.g. a retried send): nothing new to append.</summary>
    public static Decision AlreadyDone(long? existingSeq = null) => new([], null, null, existingSeq);

    public static Decision Reject(Rejection rejection, string reason) => new([], rejection, reason);

    public bool Accepted => Rejection is null;
}

/// <summary>Limits on what a command may carry.</summary>
public static class RoomLimits
{
    /// <summary>The largest chat message, in UTF-8 bytes of Markdown.</summary>
    public const int MaxMessageBytes = 8 * 1024;

    public const int MaxClientMessageIdLength = 64;
}
