namespace Roundtable.Core.Rooms;

public static class AgendaRejections
{
    public static readonly Rejection UnknownAgendaItem = new(nameof(UnknownAgendaItem));
    public static readonly Rejection NoTimer = new(nameof(NoTimer));
}

/// <summary>The agenda: topics and presentation slots in order, the current item, and one countdown timer.</summary>
public sealed class AgendaFeature : RoomFeature<AgendaState, AgendaCommand, AgendaSnapshot>
{
    public AgendaFeature()
    {
        On<AgendaItemAdded>((s, e, _) =>
        {
            s.Added++;
            s.List.Add(new AgendaItem(e.ItemId, e.Kind, e.Markdown, e.Html, e.PresenterUserId, e.PresenterName, e.DurationMinutes));
        });
        On<AgendaItemRemoved>((s, e, _) =>
        {
            s.List.RemoveAll(i => i.ItemId == e.ItemId);
            if (s.CurrentItemId == e.ItemId)
            {
                s.CurrentItemId = null;
            }
        });
        On<AgendaItemMoved>((s, e, _) =>
        {
            var index = s.List.FindIndex(i => i.ItemId == e.ItemId);
            if (index >= 0)
            {
                var item = s.List[index];
                s.List.RemoveAt(index);
                s.List.Insert(Math.Clamp(e.Position, 0, s.List.Count), item);
            }
        });
        On<AgendaAdvanced>((s, e, _) =>
        {
            s.CurrentItemId = e.ItemId;
            if (e.ItemId is not null)
            {
                s.Visited.Add(e.ItemId);
            }
        });
        On<TimerStarted>((s, e, stored) => s.Timer = new RoomTimer(stored.At, e.DurationSeconds, e.AgendaItemId));
        On<TimerExtended>((s, e, _) =>
        {
            if (s.Timer is not null)
            {
                s.Timer = s.Timer with { DurationSeconds = s.Timer.DurationSeconds + e.AddedSeconds };
            }
        });
        On<TimerStopped>((s, _, _) => s.Timer = null);
    }

    protected override AgendaState NewState(RoomState room) => new();

    protected override AgendaSnapshot Snapshot(RoomState room, AgendaState state, Viewer viewer) =>
        new(new AgendaView([.. state.List], state.CurrentItemId, state.Timer));

    protected override Decision Decide(RoomState room, AgendaState state, Actor actor, AgendaCommand command, RoomDecider tools) => command switch
    {
        AddAgendaTopic c => Facilitating(room, actor, "change the agenda", needsLive: false) ?? AddTopic(state, actor, c, tools),
        AddPresentationSlot c => Facilitating(room, actor, "change the agenda", needsLive: false) ?? AddSlot(state, actor, c),
        OpenAgendaFromTemplate c => Facilitating(room, actor, "change the agenda", needsLive: false) ?? OpenFromTemplate(state, actor, c, tools),
        RemoveAgendaItem c => Facilitating(room, actor, "change the agenda", needsLive: false) ?? RemoveItem(room, state, actor, c),
        MoveAgendaItem c => Facilitating(room, actor, "change the agenda", needsLive: false) ?? MoveItem(state, actor, c),
        AdvanceAgenda => Facilitating(room, actor, "move the agenda on", needsLive: true) ?? Advance(room, state, actor),
        StartTimer c => Facilitating(room, actor, "start a timer", needsLive: true) ?? StartCountdown(state, actor, c),
        ExtendTimer c => Facilitating(room, actor, "extend the timer", needsLive: true) ?? Extend(state, actor, c),
        StopTimer => Facilitating(room, actor, "stop the timer", needsLive: true) ?? (state.Timer is null
            ? Decision.AlreadyDone()
            : Decision.Accept(new TimerStopped(actor.UserId))),
        _ => Decision.Reject(Rejection.InvalidArgument, "Unknown command."),
    };

    /// <summary>The common refusals of a coach's command: the caller's role, an ended room, a room not yet live.</summary>
    internal static Decision? Facilitating(RoomState room, Actor actor, string what, bool needsLive)
    {
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, $"Only a coach or an admin can {what}.");
        }
        if (room.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; its agenda is read-only.");
        }
        if (needsLive && room.Status != RoomStatus.Live)
        {
            return Decision.Reject(Rejection.NotLive, "Start the roundtable first.");
        }
        return null;
    }

    internal static Decision UnknownItem(string itemId) =>
        Decision.Reject(AgendaRejections.UnknownAgendaItem, $"There is no agenda item '{(itemId.Length <= 40 ? itemId : itemId[..40] + "…")}'; it may have been removed.");

    private static Decision AddTopic(AgendaState state, Actor actor, AddAgendaTopic add, RoomDecider tools)
    {
        if (string.IsNullOrWhiteSpace(add.Markdown))
        {
            return Decision.Reject(Rejection.EmptyMessage, "Write the topic's prompt first.");
        }
        if (Decision.TooLarge(add.Markdown, AgendaLimits.MaxTopicBytes, "The prompt is", "Nothing was added.") is { } tooLarge)
        {
            return tooLarge;
        }
        return AgendaFull(state) ?? Decision.Accept(new AgendaItemAdded(
            state.NextItemId, AgendaItemKind.Topic, add.Markdown, tools.Render(add.Markdown), null, null, null, actor.UserId));
    }

    private static Decision OpenFromTemplate(AgendaState state, Actor actor, OpenAgendaFromTemplate open, RoomDecider tools)
    {
        if (state.EverHadItems || open.Items.Count == 0)
        {
            return Decision.AlreadyDone();
        }
        var items = open.Items.Take(AgendaLimits.MaxItems)
            .Where(i => !string.IsNullOrWhiteSpace(i.Topic) && System.Text.Encoding.UTF8.GetByteCount(i.Topic) <= AgendaLimits.MaxTopicBytes)
            .Select((item, index) => (Core.Events.RoomEvent)new AgendaItemAdded(
                $"item-{index + 1}", AgendaItemKind.Topic, item.Topic, tools.Render(item.Topic), null, null,
                Math.Clamp(item.Minutes, AgendaLimits.MinMinutes, AgendaLimits.MaxMinutes), actor.UserId))
            .ToArray();
        return Decision.Accept(items);
    }

    private static Decision AddSlot(AgendaState state, Actor actor, AddPresentationSlot add)
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
            state.NextItemId, AgendaItemKind.Presentation, null, null, add.PresenterUserId, add.PresenterName, add.DurationMinutes, actor.UserId));
    }

    private static Decision? AgendaFull(AgendaState state) => state.Items.Count >= AgendaLimits.MaxItems
        ? Decision.Reject(Rejection.InvalidArgument, $"The agenda holds at most {AgendaLimits.MaxItems} items; remove one first.")
        : null;

    private static Decision RemoveItem(RoomState room, AgendaState state, Actor actor, RemoveAgendaItem remove)
    {
        if (state.FindItem(remove.ItemId) is null)
        {
            return UnknownItem(remove.ItemId);
        }
        if (room.Feature<StageState>().Stage?.AgendaItemId == remove.ItemId)
        {
            return Decision.Reject(Rejection.InvalidArgument, "This presentation is on stage; end it before removing its slot.");
        }
        return Decision.Accept(new AgendaItemRemoved(remove.ItemId, actor.UserId));
    }

    private static Decision MoveItem(AgendaState state, Actor actor, MoveAgendaItem move)
    {
        var index = state.List.FindIndex(i => i.ItemId == move.ItemId);
        if (index < 0)
        {
            return UnknownItem(move.ItemId);
        }
        if (move.Position < 0 || move.Position >= state.Items.Count)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"Choose a position from 1 to {state.Items.Count}.");
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
    private static Decision Advance(RoomState room, AgendaState state, Actor actor)
    {
        var items = state.Items;
        AgendaItem? next;
        if (state.CurrentItemId is { } current)
        {
            var index = state.List.FindIndex(i => i.ItemId == current);
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
        if (room.Feature<StageState>().Stage is { } stage)
        {
            events.Add(new PresentationEnded(stage.PresentationId, actor.UserId));
        }
        if (state.Timer is { AgendaItemId: not null } timer && timer.AgendaItemId == state.CurrentItemId)
        {
            events.Add(new TimerStopped(actor.UserId));
        }
        events.Add(new AgendaAdvanced(next?.ItemId, next?.Title, actor.UserId));
        return Decision.Accept([.. events]);
    }

    private static Decision StartCountdown(AgendaState state, Actor actor, StartTimer start)
    {
        if (start.DurationMinutes is < AgendaLimits.MinMinutes or > AgendaLimits.MaxMinutes)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"A timer runs {AgendaLimits.MinMinutes} to {AgendaLimits.MaxMinutes} minutes.");
        }
        if (start.AgendaItemId is { } itemId && state.FindItem(itemId) is null)
        {
            return UnknownItem(itemId);
        }
        return Decision.Accept(new TimerStarted(start.DurationMinutes * 60, start.AgendaItemId, actor.UserId));
    }

    private static Decision Extend(AgendaState state, Actor actor, ExtendTimer extend)
    {
        if (state.Timer is not { } timer)
        {
            return Decision.Reject(AgendaRejections.NoTimer, "No timer is running; start one first.");
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
