using Roundtable.Core.Feedback;
using Roundtable.Core.Log;

namespace Roundtable.Core.Rooms;

/// <summary>Who a feedback view is for. Each sees a different amount (see <see cref="FeedbackViews"/>).</summary>
public enum FeedbackAudience
{
    /// <summary>Coaches and admins: everything, names as the anonymity mode allows.</summary>
    Staff,

    /// <summary>The presenter: the live aggregate, the comments (no names unless named), the coach's and their own ratings.</summary>
    Presenter,

    /// <summary>Everyone else: the window's state, and the aggregate once released.</summary>
    Peers,
}

/// <summary>
/// One submission as one audience may see it. <see cref="UserId"/> and <see cref="DisplayName"/> are null where the
/// anonymity mode hides them; <see cref="Scores"/> is null for the presenter's view of a peer's feedback (the
/// presenter sees scores only in the aggregate); a hidden submission reaches the presenter with no answers, a held one
/// with only the words a coach approved earlier (or not at all). <see cref="Held"/>: words wait for a coach's review
/// (told to staff and the giver).
/// </summary>
public sealed record FeedbackEntryView(
    string PresentationId, long SubmissionId, FeedbackKind Kind, string? UserId, string? DisplayName,
    IReadOnlyDictionary<string, int>? Scores, IReadOnlyList<FeedbackAnswer> Answers, int Revision, DateTimeOffset At,
    int? Helpfulness, bool Flagged, string? FlagReason, bool Hidden, bool Held = false);

/// <summary>
/// Feedback on one presentation as one audience sees it. Counts, aggregate, entries and reflection are null where
/// that audience may not see them. In a snapshot <see cref="Entries"/> holds every entry the audience may see; in a
/// live update only the entries the update changed. <see cref="OnStage"/>: a coach put the aggregate on everyone's
/// stage, so the peers see it too while it is there.
/// </summary>
public sealed record FeedbackView(
    string PresentationId, string PresenterUserId, string PresenterName, Rubric Rubric, FeedbackAnonymity Anonymity,
    DateTimeOffset OpenedAt, DateTimeOffset? ClosesAt, bool Closed, bool Released,
    int? Submitted, int? Expected, FeedbackAggregate? Aggregate, IReadOnlyList<FeedbackEntryView>? Entries, Reflection? Reflection,
    FeedbackModeration Moderation = FeedbackModeration.ShownAtOnce, bool OnStage = false);

/// <summary>
/// A live change to feedback, for one audience (<see cref="View"/>) or for one giver (<see cref="Mine"/>), as of the
/// room's <see cref="Seq"/>. Sent after the events that caused it; a client keeps the latest per presentation.
/// </summary>
public sealed record FeedbackUpdate(string RoomId, long Seq, string PresentationId, FeedbackAudience? For, FeedbackView? View, FeedbackEntryView? Mine);

/// <summary>Where an update goes: to an audience's group (the presenter's is their own), or to one person.</summary>
public sealed record FeedbackDelivery(RoomAudience? Audience, string? UserId, FeedbackUpdate Update);

/// <summary>What each audience may see of feedback, and which live updates a batch of events causes. Pure.</summary>
public static class FeedbackViews
{
    public static FeedbackAudience AudienceOf(FeedbackWindow window, Viewer viewer) =>
        viewer.IsStaff ? FeedbackAudience.Staff
        : viewer.UserId == window.PresenterUserId ? FeedbackAudience.Presenter
        : FeedbackAudience.Peers;

    /// <param name="only">The submissions to include; null for all the audience may see.</param>
    public static FeedbackView For(RoomState state, FeedbackWindow window, FeedbackAudience audience, IReadOnlySet<long>? only)
    {
        var closed = window.Closed || state.Status == RoomStatus.Ended;
        var seesAggregate = audience != FeedbackAudience.Peers || window.Released || window.OnStage;
        var entries = audience == FeedbackAudience.Peers
            ? null
            : window.Submissions
                .Where(s => only is null || only.Contains(s.Id))
                .Select(s => Entry(window, s, audience))
                .OfType<FeedbackEntryView>()
                .ToList();
        return new FeedbackView(
            window.PresentationId, window.PresenterUserId, window.PresenterName, window.Rubric, window.Anonymity,
            window.OpenedAt, window.ClosesAt, closed, window.Released,
            seesAggregate ? window.PeerTally.Submissions : null,
            seesAggregate ? state.Feature<FeedbackState>().ExpectedPeers(window) : null,
            seesAggregate ? window.PeerTally.ToAggregate() : null,
            entries,
            audience == FeedbackAudience.Peers ? null : window.Reflection,
            window.Moderation, window.OnStage);
    }

    /// <summary>A person's own submission, as they see it: everything, with the helpfulness it earned.</summary>
    public static FeedbackEntryView Mine(FeedbackWindow window, FeedbackSubmission s) => new(
        window.PresentationId, s.Id, s.Kind, s.UserId, s.DisplayName, s.Scores, s.Answers, s.Revision, s.At,
        s.Helpfulness, s.FlagReason is not null, null, s.Hidden, s.Held);

    /// <summary>One submission as an audience sees it; null when the audience does not see it at all.</summary>
    private static FeedbackEntryView? Entry(FeedbackWindow window, FeedbackSubmission s, FeedbackAudience audience)
    {
        var named = s.Kind != FeedbackKind.Peer || window.Anonymity switch
        {
            FeedbackAnonymity.Named => true,
            FeedbackAnonymity.AnonymousToPresenter => audience == FeedbackAudience.Staff,
            _ => false,
        };
        if (audience == FeedbackAudience.Staff)
        {
            return new FeedbackEntryView(
                window.PresentationId, s.Id, s.Kind, named ? s.UserId : null, named ? s.DisplayName : null, s.Scores, s.Answers,
                s.Revision, s.At, s.Helpfulness, s.FlagReason is not null, s.FlagReason, s.Hidden, s.Held);
        }
        // Held words never leave the server for the presenter: only what a coach approved (all, when nothing is held).
        var words = s.Hidden ? [] : s.ApprovedAnswers;
        if (s.Kind == FeedbackKind.Peer && words.Count == 0 && !s.Hidden)
        {
            // The presenter sees peers' scores only in the aggregate, so a peer's feedback without words is not an entry.
            return null;
        }
        return new FeedbackEntryView(
            window.PresentationId, s.Id, s.Kind, named ? s.UserId : null, named ? s.DisplayName : null,
            s.Kind == FeedbackKind.Peer ? null : s.Scores, words,
            s.Revision, s.At, s.Helpfulness, s.FlagReason is not null, null, s.Hidden);
    }

    /// <summary>
    /// The live updates that <paramref name="events"/> (just applied to <paramref name="state"/>) cause: staff and the
    /// presenter on every change; the peers when the window's state changes, or the released aggregate does; a giver
    /// when their own submission changes.
    /// </summary>
    public static IReadOnlyList<FeedbackDelivery> Deliveries(RoomState state, IReadOnlyList<StoredEvent> events)
    {
        List<FeedbackDelivery>? deliveries = null;
        foreach (var group in events.Where(e => PresentationOf(e) is not null).GroupBy(e => PresentationOf(e)!))
        {
            if (state.Feature<FeedbackState>().Find(group.Key) is not { } window)
            {
                continue;
            }
            deliveries ??= [];
            var seq = group.Last().Seq;
            var changed = new HashSet<long>();
            var givers = new HashSet<string>(StringComparer.Ordinal);
            var peersSee = false;
            foreach (var stored in group)
            {
                switch (stored.Event)
                {
                    case FeedbackSubmitted e:
                        var submission = window.FindByUser(e.UserId!)!;
                        changed.Add(submission.Id);
                        givers.Add(submission.UserId);
                        peersSee |= (window.Released || window.OnStage) && e.Kind == FeedbackKind.Peer;
                        break;
                    case FeedbackApproved e:
                        foreach (var id in e.SubmissionIds)
                        {
                            changed.Add(id);
                            givers.Add(window.Find(id)!.UserId);
                        }
                        break;
                    case FeedbackRated e:
                        changed.Add(e.SubmissionId);
                        givers.Add(window.Find(e.SubmissionId)!.UserId);
                        break;
                    case FeedbackFlagged e:
                        // The giver's own view shows that it was flagged (not why).
                        changed.Add(e.SubmissionId);
                        givers.Add(window.Find(e.SubmissionId)!.UserId);
                        break;
                    case FeedbackModerated e:
                        changed.Add(e.SubmissionId);
                        givers.Add(window.Find(e.SubmissionId)!.UserId);
                        break;
                    case ReflectionWritten:
                        break;
                    default:
                        peersSee = true;
                        break;
                }
            }
            AddViews(deliveries, state, window, seq, changed, peersSee);
            foreach (var giver in givers)
            {
                deliveries.Add(new(null, giver,
                    new FeedbackUpdate(state.RoomId, seq, window.PresentationId, null, null, Mine(window, window.FindByUser(giver)!))));
            }
        }
        // Who is here decides how many peers feedback is expected from; the end of the roundtable closes every window.
        var ended = events.Any(e => e.Event is RoundtableEnded);
        if (ended || events.Any(e => e.Event is ParticipantJoined or ParticipantLeft or ParticipantRemoved))
        {
            var touched = deliveries?.Select(d => d.Update.PresentationId).ToHashSet() ?? [];
            foreach (var window in state.Feature<FeedbackState>().Windows.Where(w => !touched.Contains(w.PresentationId) && (ended || !w.Closed)))
            {
                deliveries ??= [];
                AddViews(deliveries, state, window, events[^1].Seq, new HashSet<long>(), peersSee: ended && !window.Closed);
            }
        }
        return deliveries ?? (IReadOnlyList<FeedbackDelivery>)[];
    }

    /// <summary>The audiences' views after a change: staff and the presenter always, the peers when they see a difference.</summary>
    private static void AddViews(List<FeedbackDelivery> deliveries, RoomState state, FeedbackWindow window, long seq, IReadOnlySet<long> changed, bool peersSee)
    {
        FeedbackUpdate Update(FeedbackAudience audience, IReadOnlySet<long>? only) =>
            new(state.RoomId, seq, window.PresentationId, audience, For(state, window, audience, only), null);

        deliveries.Add(new(RoomAudience.Staff, null, Update(FeedbackAudience.Staff, changed)));
        deliveries.Add(new(null, window.PresenterUserId, Update(FeedbackAudience.Presenter, changed)));
        if (peersSee)
        {
            deliveries.Add(new(RoomAudience.Participants, null, Update(FeedbackAudience.Peers, null)));
        }
    }

    private static string? PresentationOf(StoredEvent stored) => stored.Event switch
    {
        FeedbackWindowOpened e => e.PresentationId,
        FeedbackSubmitted e => e.PresentationId,
        FeedbackWindowClosed e => e.PresentationId,
        FeedbackReleased e => e.PresentationId,
        FeedbackRated e => e.PresentationId,
        FeedbackFlagged e => e.PresentationId,
        FeedbackModerated e => e.PresentationId,
        FeedbackApproved e => e.PresentationId,
        FeedbackStageShown e => e.PresentationId,
        ReflectionWritten e => e.PresentationId,
        _ => null,
    };
}
