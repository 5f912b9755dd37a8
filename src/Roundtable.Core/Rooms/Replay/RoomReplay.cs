using Roundtable.Core.Log;
using Roundtable.Core.Markdown;

namespace Roundtable.Core.Rooms.Replay;

/// <summary>What a replay timeline marks: where the roundtable's parts began and ended.</summary>
public enum ReplayMarkerKind
{
    Started,
    AgendaItem,
    PresentationStarted,
    PresentationEnded,
    FeedbackOpened,
    FeedbackClosed,
    Ended,
}

/// <summary>A moment worth jumping to: the seq of the event that marks it, its time and what to call it.</summary>
public sealed record ReplayMarker(long Seq, DateTimeOffset At, ReplayMarkerKind Kind, string Label);

/// <summary>
/// A room as one viewer may replay it (its <see cref="Status"/> at the end of the log): every event as they may see it, the room's snapshot for them every
/// few events (so rebuilding any moment applies at most that many events), the feedback updates they would have
/// received live, with their seqs, and the timeline's markers.
/// </summary>
public sealed record RoomReplay(
    RoomStatus Status,
    IReadOnlyList<StoredEvent> Events,
    IReadOnlyList<RoomSnapshot> Checkpoints,
    IReadOnlyList<FeedbackUpdate> FeedbackUpdates,
    IReadOnlyList<ReplayMarker> Markers)
{
    /// <summary>
    /// Builds the replay of <paramref name="events"/> (the room's whole log, in seq order) for <paramref name="viewer"/>.
    /// Everything is viewed with the room's final state, as the transcript is: a message hidden later stays hidden from
    /// learners even at a moment before it was hidden, in events, snapshots and feedback alike.
    /// </summary>
    /// <param name="checkpointEvery">a snapshot after every this many events (and at seq 0 and at the end)</param>
    /// <param name="recentMessages">chat messages in each snapshot, as a joining client gets</param>
    public static RoomReplay Build(string roomId, IReadOnlyList<StoredEvent> events, Viewer viewer, int checkpointEvery, int recentMessages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(checkpointEvery, 1);
        var final = RoomState.Fold(roomId, events);
        var hiding = new FinalView(final, viewer);
        var viewed = events.Select(e => e with { Event = final.View(e, viewer) }).ToList();

        var state = new RoomState(roomId);
        var checkpoints = new List<RoomSnapshot> { hiding.Snapshot(state, recentMessages, events.Count > 0 ? events[0].At : null) };
        var updates = new List<FeedbackUpdate>();
        var markers = new List<ReplayMarker>();
        var presenters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var stored in events)
        {
            state.Apply(stored);
            if (Marker(stored, presenters) is { } marker)
            {
                markers.Add(marker);
            }
            foreach (var delivery in FeedbackViews.Deliveries(state, [stored]))
            {
                // What this viewer's connection received live: their audience's group and their own.
                if (delivery.Audience == viewer.Audience || (delivery.UserId is not null && delivery.UserId == viewer.UserId))
                {
                    updates.Add(hiding.Feedback(delivery.Update));
                }
            }
            if (stored.Seq % checkpointEvery == 0 || stored.Seq == events[^1].Seq)
            {
                checkpoints.Add(hiding.Snapshot(state, recentMessages, stored.At));
            }
        }
        return new RoomReplay(final.Status, viewed, checkpoints, updates, markers);
    }

    private static ReplayMarker? Marker(StoredEvent stored, Dictionary<string, string> presenters)
    {
        ReplayMarker Mark(ReplayMarkerKind kind, string label) => new(stored.Seq, stored.At, kind, label);
        switch (stored.Event)
        {
            case RoundtableStarted:
                return Mark(ReplayMarkerKind.Started, "Roundtable started");
            case RoundtableEnded:
                return Mark(ReplayMarkerKind.Ended, "Roundtable ended");
            case AgendaAdvanced e:
                return Mark(ReplayMarkerKind.AgendaItem, e.ItemId is null ? "Agenda finished" : $"Agenda: {MarkdownRenderer.ToPlainLine(e.Title ?? "")}");
            case PresentationStarted e:
                presenters[e.PresentationId] = e.PresenterName;
                return Mark(ReplayMarkerKind.PresentationStarted, $"{e.PresenterName} presents");
            case PresentationEnded e:
                return Mark(ReplayMarkerKind.PresentationEnded, presenters.TryGetValue(e.PresentationId, out var name) ? $"{name}'s presentation ended" : "Presentation ended");
            case FeedbackWindowOpened e:
                presenters.TryAdd(e.PresentationId, e.PresenterName);
                return Mark(ReplayMarkerKind.FeedbackOpened, $"Feedback for {e.PresenterName} opened");
            case FeedbackWindowClosed e:
                return Mark(ReplayMarkerKind.FeedbackClosed, $"Feedback for {presenters.GetValueOrDefault(e.PresentationId, "a presentation")} closed");
            default:
                return null;
        }
    }

    /// <summary>
    /// Puts the room's final word on what a participant may see over a view taken at an earlier moment: messages and
    /// feedback hidden since, questions dismissed since. Staff see everything at every moment, so their views pass as
    /// they are.
    /// </summary>
    private sealed class FinalView(RoomState final, Viewer viewer)
    {
        public RoomSnapshot Snapshot(RoomState state, int recentMessages, DateTimeOffset? at)
        {
            var snapshot = state.ToSnapshot(recentMessages, viewer) with { ServerNow = at };
            if (viewer.IsStaff)
            {
                return snapshot;
            }
            return snapshot with
            {
                RecentMessages = [.. snapshot.RecentMessages.Select(m => Message(state, m))],
                Parts = [.. snapshot.Parts.Select(part => Part(state, part))],
            };
        }

        public FeedbackUpdate Feedback(FeedbackUpdate update) =>
            viewer.IsStaff ? update : update with { View = update.View is { } view ? View(view) : null };

        /// <summary>The message as it stood then, seen through the final state's hiding.</summary>
        private ChatMessage Message(RoomState state, ChatMessage message) =>
            final.ViewMessage(state.FindMessage(message.Seq) ?? message, viewer);

        private object Part(RoomState state, object part) => part switch
        {
            ModerationSnapshot m => new ModerationSnapshot(m.Moderation with
            {
                Hidden = [.. final.Feature<ModerationState>().Hidden.Where(seq => seq <= state.Version).Order()],
                Pinned = [.. m.Moderation.Pinned.Select(p => Message(state, p))],
            }),
            QuestionsSnapshot q => q with
            {
                Questions = [.. q.Questions.Where(v => final.Feature<QuestionsState>().Find(v.Id)?.VisibleTo(viewer) ?? true)],
            },
            FeedbackSnapshot f => f with { Feedback = [.. f.Feedback.Select(View)] },
            _ => part,
        };

        /// <summary>Feedback words a coach hid later reach nobody but staff, as they do once hidden.</summary>
        private FeedbackView View(FeedbackView view)
        {
            if (view.Entries is null || final.Feature<FeedbackState>().Find(view.PresentationId) is not { } window)
            {
                return view;
            }
            return view with
            {
                Entries = [.. view.Entries.Select(e => window.Find(e.SubmissionId) is { Hidden: true } && !e.Hidden ? e with { Answers = [], Hidden = true } : e)],
            };
        }
    }
}
