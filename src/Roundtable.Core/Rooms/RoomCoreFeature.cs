namespace Roundtable.Core.Rooms;

/// <summary>
/// The core room as a feature: who is here, the chat (with its authors' edits and deletions), starting and ending. Its
/// state is the <see cref="RoomState"/> itself.
/// </summary>
public sealed class RoomCoreFeature : RoomFeature<RoomState, RoomCoreCommand>
{
    public RoomCoreFeature()
    {
        On<ParticipantJoined>((room, e, stored) => room.Join(e, stored.At));
        On<ParticipantLeft>((room, e, stored) => room.Leave(e.UserId, stored.Seq));
        On<MessagePosted>((room, e, stored) => room.Post(e, stored.Seq, stored.At));
        On<MessageEdited>((room, e, stored) => room.Edit(e, stored.At));
        On<MessageDeleted>((room, e, _) => room.Delete(e));
        On<RoundtableStarted>((room, _, _) => room.Start());
        On<RoundtableEnded>((room, _, _) => room.End());

        // A deleted message's text reaches nobody afterwards, catching up or reading the transcript included.
        View<MessagePosted>((room, _, m, stored, _) => room.FindMessage(stored.Seq) is { Deleted: true } ? m with { Markdown = "", Html = "" } : null);
        View<MessageEdited>((room, _, e, _, _) => room.FindMessage(e.MessageSeq) is { Deleted: true } ? e with { Markdown = "", Html = "" } : null);
    }

    protected override RoomState NewState(RoomState room) => room;

    protected override Decision Decide(RoomState room, RoomState state, Actor actor, RoomCoreCommand command, RoomDecider tools) => command switch
    {
        JoinRoom => Join(room, actor),
        LeaveRoom leave => room.IsPresent(actor.UserId)
            ? Decision.Accept(new ParticipantLeft(actor.UserId, actor.DisplayName, leave.Reason))
            : Decision.AlreadyDone(),
        PostMessage post => Post(room, actor, post, tools),
        EditMessage edit => MessageEdits.Edit(room, actor, edit, tools),
        DeleteMessage delete => MessageEdits.Delete(room, actor, delete, tools),
        StartRoundtable start => Start(room, actor, start.Recurring),
        EndRoundtable => End(room, actor),
        _ => Decision.Reject(Rejection.InvalidArgument, "Unknown command."),
    };

    private static Decision Join(RoomState state, Actor actor)
    {
        // An ended room stays readable: the caller gets its snapshot, but nobody "joins" it any more.
        if (state.Status == RoomStatus.Ended)
        {
            return Decision.AlreadyDone();
        }
        var present = state.PresenceOf(actor.UserId);
        if (present is not null && present.Role == actor.Role && present.DisplayName == actor.DisplayName)
        {
            return Decision.AlreadyDone();
        }
        return Decision.Accept(new ParticipantJoined(actor.UserId, actor.DisplayName, actor.Role));
    }

    private static Decision Post(RoomState state, Actor actor, PostMessage post, RoomDecider tools)
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
        if (Decision.TooLarge(post.Markdown, RoomLimits.MaxMessageBytes, "The message is", "Nothing was sent.") is { } tooLarge)
        {
            return tooLarge;
        }
        if (post.ClientMessageId is not null && state.FindClientMessage(actor.UserId, post.ClientMessageId) is { } seq)
        {
            return Decision.AlreadyDone(seq);
        }
        return Decision.Accept(new MessagePosted(actor.UserId, actor.DisplayName, post.Markdown, tools.Render(post.Markdown), post.ClientMessageId));
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
