using System.Text;

namespace Roundtable.Core.Rooms;

public static class StageRejections
{
    public static readonly Rejection NoPresentation = new(nameof(NoPresentation));
}

/// <summary>The stage: a presentation slot of the agenda goes on stage, its presenter shares and shows slides.</summary>
public sealed class StageFeature : RoomFeature<StageState, StageCommand, StageSnapshot>
{
    public StageFeature()
    {
        On<PresentationStarted>((s, e, stored) =>
        {
            s.Started++;
            s.ById[e.PresentationId] = new RoomPresentation(e.PresentationId, e.PresenterUserId, e.PresenterName, stored.At, null);
            s.Stage = new Presentation(e.PresentationId, e.PresenterUserId, e.PresenterName, e.AgendaItemId, stored.At, null, [], 0, []);
        });
        On<PresentationEnded>((s, e, stored) =>
        {
            if (s.ById.TryGetValue(e.PresentationId, out var ended))
            {
                s.ById[e.PresentationId] = ended with { EndedAt = stored.At };
            }
            if (s.Stage?.PresentationId == e.PresentationId)
            {
                s.Stage = null;
            }
        });
        On<SlidesShared>((s, e, _) =>
        {
            if (s.Stage?.PresentationId == e.PresentationId)
            {
                s.Stage = s.Stage with { Markdown = e.Markdown, Slides = e.Slides, SlideIndex = 0, Files = [] };
            }
        });
        On<FileSlidesShared>((s, e, _) =>
        {
            s.SharedUploadIds.UnionWith(e.Files.Select(f => f.UploadId));
            if (s.Stage?.PresentationId == e.PresentationId)
            {
                s.Stage = s.Stage with { Markdown = null, Slides = [], SlideIndex = 0, Files = e.Files };
            }
        });
        On<SlideShown>((s, e, _) =>
        {
            if (s.Stage?.PresentationId == e.PresentationId)
            {
                s.Stage = s.Stage with { SlideIndex = e.Index };
            }
        });
    }

    protected override StageState NewState(RoomState room) => new();

    protected override StageSnapshot Snapshot(RoomState room, StageState state, Viewer viewer) => new(state.Stage, [.. state.ById.Values]);

    protected override Decision Decide(RoomState room, StageState state, Actor actor, StageCommand command, RoomDecider tools) => command switch
    {
        StartPresentation c => AgendaFeature.Facilitating(room, actor, "start a presentation", needsLive: true) ?? Present(room, state, actor, c),
        EndPresentation => AgendaFeature.Facilitating(room, actor, "end a presentation", needsLive: false) ?? EndStage(room, state, actor),
        ShareSlides c => OnStage(room, state, actor, "share slides") ?? Share(state, actor, c, tools),
        ShareFileSlides c => OnStage(room, state, actor, "share slides") ?? ShareFiles(state, actor, c),
        ShowSlide c => OnStage(room, state, actor, "change slides") ?? Show(state, actor, c),
        _ => Decision.Reject(Rejection.InvalidArgument, "Unknown command."),
    };

    /// <summary>Slides belong to the presentation on stage: only its presenter, a coach or an admin may change them.</summary>
    private static Decision? OnStage(RoomState room, StageState state, Actor actor, string what)
    {
        if (room.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; its stage is closed.");
        }
        if (state.Stage is not { } stage)
        {
            return Decision.Reject(StageRejections.NoPresentation, "Nobody is presenting right now.");
        }
        if (!actor.CanFacilitate && actor.UserId != stage.PresenterUserId)
        {
            return Decision.Reject(Rejection.NotAllowed, $"Only the presenter, a coach or an admin can {what}.");
        }
        return null;
    }

    private static Decision Present(RoomState room, StageState state, Actor actor, StartPresentation start)
    {
        var agenda = room.Feature<AgendaState>();
        if (agenda.FindItem(start.AgendaItemId) is not { } item)
        {
            return AgendaFeature.UnknownItem(start.AgendaItemId);
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
        if (agenda.CurrentItemId != item.ItemId)
        {
            events.Add(new AgendaAdvanced(item.ItemId, item.Title, actor.UserId));
        }
        events.Add(new PresentationStarted(state.NextPresentationId, item.PresenterUserId!, item.PresenterName!, item.ItemId, actor.UserId));
        events.Add(new TimerStarted((item.DurationMinutes ?? AgendaLimits.MinMinutes) * 60, item.ItemId, actor.UserId));
        return Decision.Accept([.. events]);
    }

    private static Decision EndStage(RoomState room, StageState state, Actor actor)
    {
        if (state.Stage is not { } stage)
        {
            return Decision.AlreadyDone();
        }
        var events = new List<Events.RoomEvent> { new PresentationEnded(stage.PresentationId, actor.UserId) };
        if (stage.AgendaItemId is not null && room.Feature<AgendaState>().Timer?.AgendaItemId == stage.AgendaItemId)
        {
            events.Add(new TimerStopped(actor.UserId));
        }
        return Decision.Accept([.. events]);
    }

    private static Decision Share(StageState state, Actor actor, ShareSlides share, RoomDecider tools)
    {
        if (string.IsNullOrWhiteSpace(share.Markdown))
        {
            return Decision.Reject(Rejection.EmptyMessage, "The outline is empty.");
        }
        if (Decision.TooLarge(share.Markdown, StageLimits.MaxSlidesBytes, "The outline is", "Nothing was shared.") is { } tooLarge)
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
        return Decision.Accept(new SlidesShared(stage.PresentationId, actor.UserId, actor.DisplayName, share.Markdown, [.. sources.Select(tools.Render)]));
    }

    private static Decision ShareFiles(StageState state, Actor actor, ShareFileSlides share)
    {
        if (share.Files.Count == 0)
        {
            return Decision.Reject(Rejection.EmptyMessage, "Choose at least one file to share as slides.");
        }
        if (share.Files.FirstOrDefault(f => f.Pages < 1) is { } empty)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"“{empty.FileName}” has no pages to show. Nothing was shared.");
        }
        var pages = share.Files.Sum(f => (long)f.Pages);
        if (pages > StageLimits.MaxSlides)
        {
            return Decision.Reject(Rejection.MessageTooLarge,
                $"The files have {pages} pages; the limit is {StageLimits.MaxSlides} slides. Nothing was shared.");
        }
        return Decision.Accept(new FileSlidesShared(state.Stage!.PresentationId, actor.UserId, actor.DisplayName, share.Files, (int)pages));
    }

    private static Decision Show(StageState state, Actor actor, ShowSlide show)
    {
        var stage = state.Stage!;
        if (stage.SlideCount == 0)
        {
            return Decision.Reject(Rejection.InvalidArgument, "No slides have been shared yet.");
        }
        if (show.Index < 0 || show.Index >= stage.SlideCount)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"There is no slide {show.Index + 1}; there are {stage.SlideCount}.");
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
