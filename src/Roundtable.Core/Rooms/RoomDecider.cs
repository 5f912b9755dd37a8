using System.Text;
using Roundtable.Core.Markdown;

namespace Roundtable.Core.Rooms;

/// <summary>
/// The one place where a room decides: checks a command against the current state and the caller's role,
/// and returns the events it produces or a named rejection. Pure apart from Markdown rendering and reading the clock
/// (for deadlines); it never appends.
/// </summary>
public sealed partial class RoomDecider(MarkdownRenderer markdown, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Decision Decide(RoomState state, Actor actor, RoomCommand command)
    {
        try
        {
            return CheckFeatureRules(state, actor, command) ?? DecideCore(state, actor, command);
        }
        catch (MarkdownTooDeepException tooDeep)
        {
            // Every feature renders its Markdown while deciding, so this one place refuses it for all of them.
            return Decision.Reject(Rejection.MarkdownTooDeep, tooDeep.Message);
        }
    }

    /// <summary>
    /// The one refusal of text over its limit (UTF-8 bytes): "{what} 9.2 KB; the limit is 8 KB. {then}"; null when
    /// it fits (or there is none).
    /// </summary>
    private static Decision? TooLarge(string? text, int limitBytes, string what, string then)
    {
        var bytes = text is null ? 0 : Encoding.UTF8.GetByteCount(text);
        return bytes > limitBytes
            ? Decision.Reject(Rejection.MessageTooLarge, $"{what} {bytes / 1024.0:0.#} KB; the limit is {limitBytes / 1024} KB. {then}")
            : null;
    }

    /// <summary>Renders user Markdown the one way (for features whose events carry Markdown).</summary>
    private string Render(string source) => markdown.Render(source);

    private Decision DecideCore(RoomState state, Actor actor, RoomCommand command) => command switch
    {
        JoinRoom => Join(state, actor),
        LeaveRoom leave => state.IsPresent(actor.UserId)
            ? Decision.Accept(new ParticipantLeft(actor.UserId, actor.DisplayName, leave.Reason))
            : Decision.AlreadyDone(),
        PostMessage post => Post(state, actor, post),
        StartRoundtable start => Start(state, actor, start.Recurring),
        EndRoundtable => End(state, actor),
        _ => DecideFeature(state, actor, command) ?? Decision.Reject(Rejection.InvalidArgument, "Unknown command."),
    };

    private static Decision Join(RoomState state, Actor actor)
    {
        // An ended room stays readable: the caller gets its snapshot, but nobody "joins" it any more.
        if (state.Status == RoomStatus.Ended)
        {
            return Decision.AlreadyDone();
        }
        var present = state.Participants.FirstOrDefault(p => p.UserId == actor.UserId);
        if (present is not null && present.Role == actor.Role && present.DisplayName == actor.DisplayName)
        {
            return Decision.AlreadyDone();
        }
        return Decision.Accept(new ParticipantJoined(actor.UserId, actor.DisplayName, actor.Role));
    }

    private Decision Post(RoomState state, Actor actor, PostMessage post)
    {
        if (state.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; its chat is read-only.");
        }
        if (!state.IsPresent(actor.UserId))
        {
            return Decision.Reject(Rejection.NotInRoom, "Join the roundtable before sending messages.");
        }
        if (post.ClientMessageId is { Length: > RoomLimits.MaxClientMessageIdLength })
        {
            return Decision.Reject(Rejection.InvalidArgument, $"A client message id is at most {RoomLimits.MaxClientMessageIdLength} characters.");
        }
        if (string.IsNullOrWhiteSpace(post.Markdown))
        {
            return Decision.Reject(Rejection.EmptyMessage, "The message is empty.");
        }
        if (TooLarge(post.Markdown, RoomLimits.MaxMessageBytes, "The message is", "Nothing was sent.") is { } tooLarge)
        {
            return tooLarge;
        }
        if (post.ClientMessageId is not null && state.FindClientMessage(actor.UserId, post.ClientMessageId) is { } seq)
        {
            return Decision.AlreadyDone(seq);
        }
        return Decision.Accept(new MessagePosted(actor.UserId, actor.DisplayName, post.Markdown, Render(post.Markdown), post.ClientMessageId));
    }

    private static Decision Start(RoomState state, Actor actor, bool recurring)
    {
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can start the roundtable.");
        }
        return state.Status switch
        {
            RoomStatus.Ended when recurring => Decision.Accept(new RoundtableStarted(actor.UserId)),
            RoomStatus.Ended => Decision.Reject(Rejection.RoomEnded, "This roundtable has ended and cannot be restarted."),
            RoomStatus.Live => Decision.AlreadyDone(),
            _ => Decision.Accept(new RoundtableStarted(actor.UserId)),
        };
    }

    private static Decision End(RoomState state, Actor actor)
    {
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can end the roundtable.");
        }
        return state.Status == RoomStatus.Ended
            ? Decision.AlreadyDone()
            : Decision.Accept(new RoundtableEnded(actor.UserId));
    }
}
