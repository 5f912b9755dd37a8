using System.Text;

namespace Roundtable.Core.Rooms;

public sealed partial class RoomDecider
{
    private Decision? DecideStage(RoomState state, Actor actor, RoomCommand command) => command switch
    {
        StartPresentation c => Facilitating(state, actor, "start a presentation", needsLive: true) ?? Present(state, actor, c),
        EndPresentation => Facilitating(state, actor, "end a presentation", needsLive: false) ?? EndStage(state, actor),
        ShareSlides c => OnStage(state, actor, "share slides") ?? Share(state, actor, c),
        ShowSlide c => OnStage(state, actor, "change slides") ?? Show(state, actor, c),
        _ => null,
    };

    /// <summary>Slides belong to the presentation on stage: only its presenter, a coach or an admin may change them.</summary>
    private static Decision? OnStage(RoomState state, Actor actor, string what)
    {
        if (state.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; its stage is closed.");
        }
        if (state.Stage is not { } stage)
        {
            return Decision.Reject(Rejection.NoPresentation, "Nobody is presenting right now.");
        }
        if (!actor.CanFacilitate && actor.UserId != stage.PresenterUserId)
        {
            return Decision.Reject(Rejection.NotAllowed, $"Only the presenter, a coach or an admin can {what}.");
        }
        return null;
    }

    private static Decision Present(RoomState state, Actor actor, StartPresentation start)
    {
        if (state.FindAgendaItem(start.AgendaItemId) is not { } item)
        {
            return UnknownItem(start.AgendaItemId);
        }
        if (item.Kind != AgendaItemKind.Presentation)
        {
            return Decision.Reject(Rejection.InvalidArgument, "That agenda item is a discussion topic, not a presentation slot.");
        }
        if (state.Stage?.AgendaItemId == item.ItemId)
        {
            return Decision.AlreadyDone();
        }
        var events = new List<Events.RoomEvent>();
        if (state.Stage is { } previous)
        {
            events.Add(new PresentationEnded(previous.PresentationId, actor.UserId));
        }
        if (state.CurrentAgendaItemId != item.ItemId)
        {
            events.Add(new AgendaAdvanced(item.ItemId, item.Title, actor.UserId));
        }
        events.Add(new PresentationStarted(state.NextPresentationId, item.PresenterUserId!, item.PresenterName!, item.ItemId, actor.UserId));
        events.Add(new TimerStarted((item.DurationMinutes ?? AgendaLimits.MinMinutes) * 60, item.ItemId, actor.UserId));
        return Decision.Accept([.. events]);
    }

    private static Decision EndStage(RoomState state, Actor actor)
    {
        if (state.Stage is not { } stage)
        {
            return Decision.AlreadyDone();
        }
        var events = new List<Events.RoomEvent> { new PresentationEnded(stage.PresentationId, actor.UserId) };
        if (stage.AgendaItemId is not null && state.Timer?.AgendaItemId == stage.AgendaItemId)
        {
            events.Add(new TimerStopped(actor.UserId));
        }
        return Decision.Accept([.. events]);
    }

    private Decision Share(RoomState state, Actor actor, ShareSlides share)
    {
        if (string.IsNullOrWhiteSpace(share.Markdown))
        {
            return Decision.Reject(Rejection.EmptyMessage, "The outline is empty.");
        }
        if (TooLarge(share.Markdown, StageLimits.MaxSlidesBytes, "The outline is", "Nothing was shared.") is { } tooLarge)
        {
            return tooLarge;
        }
        var sources = SplitSlides(share.Markdown);
        if (sources.Count == 0)
        {
            return Decision.Reject(Rejection.EmptyMessage, "The outline has no slides with anything on them.");
        }
        if (sources.Count > StageLimits.MaxSlides)
        {
            return Decision.Reject(Rejection.MessageTooLarge,
                $"The outline has {sources.Count} slides; the limit is {StageLimits.MaxSlides}. Nothing was shared.");
        }
        var stage = state.Stage!;
        return Decision.Accept(new SlidesShared(stage.PresentationId, actor.UserId, actor.DisplayName, share.Markdown, [.. sources.Select(Render)]));
    }

    private static Decision Show(RoomState state, Actor actor, ShowSlide show)
    {
        var stage = state.Stage!;
        if (stage.Slides.Count == 0)
        {
            return Decision.Reject(Rejection.InvalidArgument, "No slides have been shared yet.");
        }
        if (show.Index < 0 || show.Index >= stage.Slides.Count)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"There is no slide {show.Index + 1}; the outline has {stage.Slides.Count}.");
        }
        return show.Index == stage.SlideIndex
            ? Decision.AlreadyDone()
            : Decision.Accept(new SlideShown(stage.PresentationId, show.Index, actor.UserId));
    }

    /// <summary>Splits an outline on lines that are exactly <c>---</c>; slides with nothing but white space are left out.</summary>
    public static IReadOnlyList<string> SplitSlides(string markdown)
    {
        var slides = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line == "---")
            {
                AddSlide();
                continue;
            }
            current.Append(line).Append('\n');
        }
        AddSlide();
        return slides;

        void AddSlide()
        {
            var text = current.ToString();
            if (!string.IsNullOrWhiteSpace(text))
            {
                slides.Add(text.TrimEnd('\n'));
            }
            current.Clear();
        }
    }
}
