using Roundtable.Core.Events;
using Roundtable.Core.Feedback;
using Roundtable.Core.Log;

namespace Roundtable.Core.Rooms;

/// <summary>One person's feedback on a presentation, at its latest revision, with what the presenter and coach made of it.</summary>
public sealed class FeedbackSubmission(long id, FeedbackKind kind, string userId, string displayName)
{
    public long Id { get; } = id;
    public FeedbackKind Kind { get; } = kind;
    public string UserId { get; } = userId;
    public string DisplayName { get; } = displayName;
    public IReadOnlyDictionary<string, int> Scores { get; set; } = new Dictionary<string, int>();
    public IReadOnlyList<FeedbackAnswer> Answers { get; set; } = [];
    public int Revision { get; set; }
    public DateTimeOffset At { get; set; }
    public int? Helpfulness { get; set; }
    public string? FlagReason { get; set; }
    public bool Hidden { get; set; }
}

/// <summary>Feedback on one presentation: its rubric, its state, every submission, and the peers' running tally.</summary>
public sealed class FeedbackWindow(FeedbackWindowOpened opened, DateTimeOffset openedAt)
{
    private readonly Dictionary<string, FeedbackSubmission> _byUser = new(StringComparer.Ordinal);
    private readonly Dictionary<long, FeedbackSubmission> _byId = [];

    public string PresentationId { get; } = opened.PresentationId;
    public string PresenterUserId { get; } = opened.PresenterUserId;
    public string PresenterName { get; } = opened.PresenterName;
    public Rubric Rubric { get; } = opened.Rubric;
    public FeedbackAnonymity Anonymity { get; } = opened.Anonymity;
    public DateTimeOffset OpenedAt { get; } = openedAt;
    public DateTimeOffset? ClosesAt { get; } = opened.AutoCloseSeconds is { } s ? openedAt.AddSeconds(s) : null;
    public bool Closed { get; set; }
    public bool Released { get; set; }
    public FeedbackTally PeerTally { get; } = new(opened.Rubric);
    public Reflection? Reflection { get; set; }

    public IEnumerable<FeedbackSubmission> Submissions => _byId.Values;

    public FeedbackSubmission? FindByUser(string userId) => _byUser.GetValueOrDefault(userId);

    public FeedbackSubmission? Find(long submissionId) => _byId.GetValueOrDefault(submissionId);

    /// <summary>Closed, or past its deadline (the closing event may not be in the log yet).</summary>
    public bool IsClosedAt(DateTimeOffset now) => Closed || ClosesAt <= now;

    internal void Apply(long seq, DateTimeOffset at, FeedbackSubmitted e)
    {
        if (!_byUser.TryGetValue(e.UserId!, out var submission))
        {
            submission = new FeedbackSubmission(e.SubmissionId ?? seq, e.Kind, e.UserId!, e.DisplayName!);
            _byUser[submission.UserId] = submission;
            _byId[submission.Id] = submission;
        }
        if (e.Kind == FeedbackKind.Peer)
        {
            PeerTally.Replace(submission.Revision > 0 ? submission.Scores : null, e.Scores);
        }
        submission.Scores = e.Scores;
        submission.Answers = e.Answers;
        submission.Revision = e.Revision;
        submission.At = at;
    }
}

public sealed record Reflection(string Markdown, string Html, DateTimeOffset At);

public sealed partial record RoomSnapshot
{
    /// <summary>Feedback on each presentation, as the viewer may see it.</summary>
    public IReadOnlyList<FeedbackView>? Feedback { get; init; }

    /// <summary>The viewer's own feedback on each presentation they gave feedback on.</summary>
    public IReadOnlyList<FeedbackEntryView>? MyFeedback { get; init; }
}

public sealed partial class RoomState
{
    private readonly Dictionary<string, FeedbackWindow> _feedback = new(StringComparer.Ordinal);

    public IEnumerable<FeedbackWindow> FeedbackWindows => _feedback.Values;

    public FeedbackWindow? FindFeedback(string presentationId) => _feedback.GetValueOrDefault(presentationId);

    private bool ApplyFeedback(StoredEvent stored)
    {
        switch (stored.Event)
        {
            case FeedbackWindowOpened e:
                _feedback[e.PresentationId] = new FeedbackWindow(e, stored.At);
                return true;
            case FeedbackSubmitted e:
                _feedback[e.PresentationId].Apply(stored.Seq, stored.At, e);
                return true;
            case FeedbackWindowClosed e:
                _feedback[e.PresentationId].Closed = true;
                return true;
            case FeedbackReleased e:
                _feedback[e.PresentationId].Released = true;
                return true;
            case FeedbackRated e:
                _feedback[e.PresentationId].Find(e.SubmissionId)!.Helpfulness = e.Helpfulness;
                return true;
            case FeedbackFlagged e:
                _feedback[e.PresentationId].Find(e.SubmissionId)!.FlagReason = e.Reason;
                return true;
            case FeedbackModerated e:
                var moderated = _feedback[e.PresentationId].Find(e.SubmissionId)!;
                moderated.Hidden = e.Hidden;
                moderated.FlagReason = null;
                return true;
            case ReflectionWritten e:
                _feedback[e.PresentationId].Reflection = new Reflection(e.Markdown, e.Html, stored.At);
                return true;
            default:
                return false;
        }
    }

    /// <summary>How many peers feedback is expected from: learners here now (not the presenter), and any who gave it and left.</summary>
    public int ExpectedPeers(FeedbackWindow window)
    {
        var expected = 0;
        foreach (var p in _participants)
        {
            if (p.Role == RoomRole.Learner && p.UserId != window.PresenterUserId && window.FindByUser(p.UserId) is null)
            {
                expected++;
            }
        }
        return expected + window.PeerTally.Submissions;
    }

    /// <summary>
    /// True when the viewer's view of the event is only a placeholder that keeps their sequence gap-free (a peer's
    /// submission, to anyone but staff), so it may go out together with later events instead of at once.
    /// </summary>
    public static bool CanWait(StoredEvent stored, Viewer viewer) => stored.Event is FeedbackSubmitted && !viewer.IsStaff;

    private DomainEvent? ViewFeedback(StoredEvent stored, Viewer viewer) => stored.Event switch
    {
        // The log's own record of a submission says nothing to participants (the presenter's live view comes as a
        // FeedbackUpdate), and no name where the anonymity mode forbids one.
        FeedbackSubmitted e when !viewer.IsStaff => e with { UserId = null, DisplayName = null, Scores = new Dictionary<string, int>(), Answers = [] },
        FeedbackSubmitted e when e.Kind == FeedbackKind.Peer && FindFeedback(e.PresentationId)?.Anonymity == FeedbackAnonymity.FullyAnonymous =>
            e with { UserId = null, DisplayName = null },
        FeedbackFlagged e when !viewer.IsStaff => e with { Reason = "" },
        ReflectionWritten e when !viewer.IsStaff => e with { Markdown = "", Html = "" },
        _ => null,
    };

    /// <summary>Feedback on every presentation as <paramref name="viewer"/> may see it, and the viewer's own submissions.</summary>
    public (IReadOnlyList<FeedbackView> Feedback, IReadOnlyList<FeedbackEntryView> Mine) FeedbackFor(Viewer viewer) =>
    (
        [.. _feedback.Values.Select(w => FeedbackViews.For(this, w, FeedbackViews.AudienceOf(w, viewer), null))],
        viewer.UserId is null
            ? []
            : [.. _feedback.Values.Where(w => w.FindByUser(viewer.UserId) is not null).Select(w => FeedbackViews.Mine(w, w.FindByUser(viewer.UserId)!))]
    );

    private RoomSnapshot WithFeedback(RoomSnapshot snapshot, Viewer viewer)
    {
        var (feedback, mine) = FeedbackFor(viewer);
        return snapshot with { Feedback = feedback, MyFeedback = mine };
    }
}
