using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms;

/// <summary>The author changes the text of their own chat message, within <see cref="ChatRules.EditWindow"/> of sending it.</summary>
public sealed record EditMessage(long MessageSeq, string Markdown) : RoomCoreCommand;

/// <summary>The author takes back their own chat message, within <see cref="ChatRules.EditWindow"/> of sending it.</summary>
public sealed record DeleteMessage(long MessageSeq) : RoomCoreCommand;

/// <summary>
/// A chat message's new text: the source as written and its HTML rendered (and sanitised) once, as for
/// <see cref="MessagePosted"/>. The message keeps its seq and its place in the chat.
/// </summary>
public sealed record MessageEdited(long MessageSeq, string UserId, string Markdown, string Html) : RoomEvent;

/// <summary>The author took the message back: it shows as "message deleted" to everyone from now on.</summary>
public sealed record MessageDeleted(long MessageSeq, string UserId) : RoomEvent;

/// <summary>How long after sending a message its author may still edit or delete it. A deployment sets it (Rooms:MessageEditWindow).</summary>
public sealed record ChatRules(TimeSpan EditWindow)
{
    public static readonly ChatRules Default = new(TimeSpan.FromMinutes(5));
}

/// <summary>The decisions on an author's edit or deletion of their own message (muted people and hidden messages: moderation's veto).</summary>
internal static class MessageEdits
{
    public static Decision Edit(RoomState room, Actor actor, EditMessage edit, RoomDecider tools)
    {
        if (Refusal(room, actor, edit.MessageSeq, "edit", tools) is { } refused)
        {
            return refused;
        }
        var message = room.FindMessage(edit.MessageSeq)!;
        if (string.IsNullOrWhiteSpace(edit.Markdown))
        {
            return Decision.Reject(Rejection.EmptyMessage, "The message is empty. To take it back, delete it instead.");
        }
        if (Decision.TooLarge(edit.Markdown, RoomLimits.MaxMessageBytes, "The message is", "Nothing was changed.") is { } tooLarge)
        {
            return tooLarge;
        }
        return edit.Markdown == message.Markdown
            ? Decision.AlreadyDone()
            : Decision.Accept(new MessageEdited(message.Seq, actor.UserId, edit.Markdown, tools.Render(edit.Markdown)));
    }

    public static Decision Delete(RoomState room, Actor actor, DeleteMessage delete, RoomDecider tools) =>
        Refusal(room, actor, delete.MessageSeq, "delete", tools) is { } refused
            ? refused
            : Decision.Accept(new MessageDeleted(delete.MessageSeq, actor.UserId));

    /// <summary>A refusal unless the message is the caller's own, still there, and young enough; null when it is.</summary>
    private static Decision? Refusal(RoomState room, Actor actor, long seq, string verb, RoomDecider tools)
    {
        if (room.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; its chat is read-only.");
        }
        if (!room.IsPresent(actor.UserId))
        {
            return Decision.Reject(Rejection.NotInRoom, $"Join the roundtable before you {verb} a message.");
        }
        var message = room.FindMessage(seq);
        if (message is null)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"There is no message {seq} in this roundtable.");
        }
        if (message.UserId != actor.UserId)
        {
            return Decision.Reject(Rejection.NotAllowed, $"You can only {verb} your own messages.");
        }
        if (message.Deleted)
        {
            return Decision.Reject(ChatRejections.MessageDeleted, "That message was deleted; there is nothing left to change.");
        }
        var window = tools.Chat.EditWindow;
        var age = tools.Now - message.At;
        if (age > window)
        {
            return Decision.Reject(ChatRejections.EditWindowOver,
                $"Messages can be changed only within {Describe(window)} of sending; this one was sent {Describe(age)} ago.");
        }
        return null;
    }

    /// <summary>"5 minutes", "1 minute", "30 seconds": a span as a person says it, rounded down.</summary>
    internal static string Describe(TimeSpan span) =>
        span >= TimeSpan.FromMinutes(1)
            ? Plural((int)span.TotalMinutes, "minute")
            : Plural(Math.Max(0, (int)span.TotalSeconds), "second");

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}

/// <summary>The chat's own reasons for refusing an edit or a deletion.</summary>
public static class ChatRejections
{
    public static readonly Rejection EditWindowOver = new(nameof(EditWindowOver));
    public static readonly Rejection MessageDeleted = new(nameof(MessageDeleted));
    public static readonly Rejection MessageHidden = new(nameof(MessageHidden));
}
