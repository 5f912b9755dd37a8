using System.Text;

namespace Roundtable.Core.Rooms;

public sealed partial class RoomDecider
{
    private Decision? DecideAgenda(RoomState state, Actor actor, RoomCommand command) => command switch
    {
        AddAgendaTopic c => Facilitating(state, actor, "change the agenda", needsLive: false) ?? AddTopic(state, actor, c),
        AddPresentationSlot c => Facilitating(state, actor, "change the agenda", needsLive: false) ?? AddSlot(state, actor, c),
        RemoveAgendaItem c => Facilitating(state, actor, "change the agenda", needsLive: false) ?? RemoveItem(state, actor, c),
        MoveAgendaItem c => Facilitating(state, actor, "change the agenda", needsLive: false) ?? MoveItem(state, actor, c),
        AdvanceAgenda => Facilitating(state, actor, "move the agenda on", needsLive: true) ?? Advance(state, actor),
        StartTimer c => Facilitating(state, actor, "start a timer", needsLive: true) ?? StartCountdown(state, actor, c),
        ExtendTimer c => Facilitating(state, actor, "extend the timer", needsLive: true) ?? Extend(state, actor, c),
        StopTimer => Facilitating(state, actor, "stop the timer", needsLive: true) ?? (state.Timer is null
            ? Decision.AlreadyDone()
            : Decision.Accept(new TimerStopped(actor.UserId))),
        _ => null,
    };

    /// <summary>The common refusals of a coach's command: the caller's role, an ended room, a room not yet live.</summary>
    private static Decision? Facilitating(RoomState state, Actor actor, string what, bool needsLive)
    {
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, $"Only a coach or an admin can {what}.");
        }
        if (state.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; its agenda is read-only.");
        }
        if (needsLive && state.Status != RoomStatus.Live)
        {
            return Decision.Reject(Rejection.NotLive, "Start the roundtable first.");
        }
        return null;
    }

    private Decision AddTopic(RoomState state, Actor actor, AddAgendaTopic add)
    {
        if (string.IsNullOrWhiteSpace(add.Markdown))
        {
            return Decision.Reject(Rejection.EmptyMessage, "Write the topic's prompt first.");
        }
        if (TooLarge(add.Markdown, AgendaLimits.MaxTopicBytes, "The prompt is", "Nothing was added.") is { } tooLarge)
        {
            return tooLarge;
        }
        return AgendaFull(state) ?? Decision.Accept(new AgendaItemAdded(
            state.NextAgendaItemId, AgendaItemKind.Topic, add.Markdown, Render(add.Markdown), null, null, null, actor.UserId));
    }

    private static Decision AddSlot(RoomState state, Actor actor, AddPresentationSlot add)
    {
        if (string.IsNullOrWhiteSpace(add.PresenterUserId) || string.IsNullOrWhiteSpace(add.PresenterName))
        {
            return Decision.Reject(Rejection.InvalidArgument, "Choose who presents.");
        }
        if (add.DurationMinutes is < AgendaLimits.MinMinutes or > AgendaLimits.MaxMinutes)
        {
            return Decision.Reject(Rejection.InvalidArgument,
                $"A presentation lasts {AgendaLimits.MinMinutes} to {AgendaLimits.MaxMinutes} minutes.");
        }
        return AgendaFull(state) ?? Decision.Accept(new AgendaItemAdded(
            state.NextAgendaItemId, AgendaItemKind.Presentation, null, null, add.PresenterUserId, add.PresenterName, add.DurationMinutes, actor.UserId));
    }

    private static Decision? AgendaFull(RoomState state) => state.Agenda.Count >= AgendaLimits.MaxItems
        ? Decision.Reject(Rejection.InvalidArgument, $"The agenda holds at most {AgendaLimits.MaxItems} items; remove one first.")
        : null;

    private static Decision UnknownItem(string itemId) =>
        Decision.Reject(Rejection.UnknownAgendaItem, $"There is no agenda item '{(itemId.Length <= 40 ? itemId : itemId[..40] + "…")}'; it may have been removed.");

    private static Decision RemoveItem(RoomState state, Actor actor, RemoveAgendaItem remove)
    {
        if (state.FindAgendaItem(remove.ItemId) is null)
        {
            return UnknownItem(remove.ItemId);
        }
        if (state.Stage?.AgendaItemId == remove.ItemId)
        {
            return Decision.Reject(Rejection.InvalidArgument, "This presentation is on stage; end it before removing its slot.");
        }
        return Decision.Accept(new AgendaItemRemoved(remove.ItemId, actor.UserId));
    }

    private static Decision MoveItem(RoomState state, Actor actor, MoveAgendaItem move)
    {
        var index = state.Agenda.ToList().FindIndex(i => i.ItemId == move.ItemId);
        if (index < 0)
        {
            return UnknownItem(move.ItemId);
        }
        if (move.Position < 0 || move.Position >= state.Agenda.Count)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"Choose a position from 1 to {state.Agenda.Count}.");
        }
        return index == move.Position
            ? Decision.AlreadyDone()
            : Decision.Accept(new AgendaItemMoved(move.ItemId, move.Position, actor.UserId));
    }

    /// <summary>
    /// The next item is the one after the current item; with no current item, the first that has not had its turn.
    /// Past the last item the agenda is finished (no current item). The presentation on stage ends, and so does the
    /// current item's timer.
    /// </summary>
    private static Decision Advance(RoomState state, Actor actor)
    {
        var items = state.Agenda;
        AgendaItem? next;
        if (state.CurrentAgendaItemId is { } current)
        {
            var index = items.ToList().FindIndex(i => i.ItemId == current);
            next = index + 1 < items.Count ? items[index + 1] : null;
        }
        else
        {
            next = items.FirstOrDefault(i => !state.WasVisited(i.ItemId));
            if (next is null)
            {
                return Decision.Reject(Rejection.InvalidArgument, "No agenda items are left; add one first.");
            }
        }
        var events = new List<Events.RoomEvent>();
        if (state.Stage is { } stage)
        {
            events.Add(new PresentationEnded(stage.PresentationId, actor.UserId));
        }
        if (state.Timer is { AgendaItemId: not null } timer && timer.AgendaItemId == state.CurrentAgendaItemId)
        {
            events.Add(new TimerStopped(actor.UserId));
        }
        events.Add(new AgendaAdvanced(next?.ItemId, next?.Title, actor.UserId));
        return Decision.Accept([.. events]);
    }

    private static Decision StartCountdown(RoomState state, Actor actor, StartTimer start)
    {
        if (start.DurationMinutes is < AgendaLimits.MinMinutes or > AgendaLimits.MaxMinutes)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"A timer runs {AgendaLimits.MinMinutes} to {AgendaLimits.MaxMinutes} minutes.");
        }
        if (start.AgendaItemId is { } itemId && state.FindAgendaItem(itemId) is null)
        {
            return UnknownItem(itemId);
        }
        return Decision.Accept(new TimerStarted(start.DurationMinutes * 60, start.AgendaItemId, actor.UserId));
    }

    private static Decision Extend(RoomState state, Actor actor, ExtendTimer extend)
    {
        if (state.Timer is not { } timer)
        {
            return Decision.Reject(Rejection.NoTimer, "No timer is running; start one first.");
        }
        if (extend.Minutes is < AgendaLimits.MinMinutes or > AgendaLimits.MaxMinutes)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"Extend by {AgendaLimits.MinMinutes} to {AgendaLimits.MaxMinutes} minutes.");
        }
        if (timer.DurationSeconds + extend.Minutes * 60 > AgendaLimits.MaxTimerMinutes * 60)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"A timer runs at most {AgendaLimits.MaxTimerMinutes} minutes in all.");
        }
        return Decision.Accept(new TimerExtended(extend.Minutes * 60, actor.UserId));
    }
}
