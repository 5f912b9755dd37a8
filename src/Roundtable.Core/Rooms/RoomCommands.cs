namespace Roundtable.Core.Rooms;

/// <summary>Who is asking: resolved from the signed-in user and their role in the room's cohort.</summary>
public sealed record Actor(string UserId, string DisplayName, RoomRole Role)
{
    public bool CanFacilitate => Role is RoomRole.Coach or RoomRole.Admin;
}

/// <summary>
/// The closed set of things a caller can ask of a room. Imperative names; the events they produce are past tense.
/// Each feature's commands derive from that feature's own base record, which is how the room finds the feature that decides one.
/// </summary>
public abstract record RoomCommand;

/// <summary>The core room's commands: joining, leaving, chat, starting and ending.</summary>
public abstract record RoomCoreCommand : RoomCommand;

public sealed record JoinRoom : RoomCoreCommand;

public sealed record LeaveRoom(LeaveReason Reason) : RoomCoreCommand;

public sealed record PostMessage(string Markdown, string? ClientMessageId) : RoomCoreCommand;

/// <param name="Recurring">A room that meets again (a circle's): once ended, starting it opens the next meeting.</param>
public sealed record StartRoundtable(bool Recurring = false) : RoomCoreCommand;

public sealed record EndRoundtable : RoomCoreCommand;

/// <summary>What a command decided: the events to append (possibly none), or a rejection.</summary>
public sealed record Decision(IReadOnlyList<Events.RoomEvent> Events, Rejection? Rejection, string? Reason, long? ExistingSeq = null)
{
    public static Decision Accept(params Events.RoomEvent[] events) => new(events, null, null);

    /// <summary>Accepted, but it had already happened (e.g. a retried send): nothing new to append.</summary>
    public static Decision AlreadyDone(long? existingSeq = null) => new([], null, null, existingSeq);

    public static Decision Reject(Rejection rejection, string reason) => new([], rejection, reason);

    public bool Accepted => Rejection is null;

    /// <summary>
    /// The one refusal of text over its limit (UTF-8 bytes): "{what} 9.2 KB; the limit is 8 KB. {then}"; null when
    /// it fits (or there is none).
    /// </summary>
    public static Decision? TooLarge(string? text, int limitBytes, string what, string then)
    {
        var bytes = text is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(text);
        return bytes > limitBytes
            ? Reject(Rooms.Rejection.MessageTooLarge, $"{what} {bytes / 1024.0:0.#} KB; the limit is {limitBytes / 1024} KB. {then}")
            : null;
    }
}

/// <summary>Limits on what a command may carry.</summary>
public static class RoomLimits
{
    /// <summary>The largest chat message, in UTF-8 bytes of Markdown.</summary>
    public const int MaxMessageBytes = 8 * 1024;

    public const int MaxClientMessageIdLength = 64;
}
