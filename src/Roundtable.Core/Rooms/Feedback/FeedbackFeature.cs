using Roundtable.Core.Events;
using Roundtable.Core.Feedback;
using Roundtable.Core.Log;

namespace Roundtable.Core.Rooms;

public static class FeedbackRejections
{
    public static readonly Rejection NoFeedbackWindow = new(nameof(NoFeedbackWindow));
    public static readonly Rejection FeedbackClosed = new(nameof(FeedbackClosed));
    public static readonly Rejection UnknownFeedback = new(nameof(UnknownFeedback));
}

/// <summary>
/// Feedback on presentations against a rubric: a coach opens a window on one, peers, the coach and the presenter
/// (self-assessment) give it, the presenter rates and flags it, the coach moderates and releases it, and the
/// presenter writes a reflection. What each audience sees of it: <see cref="FeedbackViews"/>.
/// </summary>
public sealed class FeedbackFeature : RoomFeature<FeedbackState, FeedbackCommand, FeedbackSnapshot>
{
    public FeedbackFeature()
    {
        On<FeedbackWindowOpened>((s, e, stored) => s.ByPresentation[e.PresentationId] = new FeedbackWindow(e, stored.At));
        On<FeedbackSubmitted>((s, e, stored) => s.ByPresentation[e.PresentationId].Apply(stored.Seq, stored.At, e));
        On<FeedbackWindowClosed>((s, e, _) => s.ByPresentation[e.PresentationId].Closed = true);
        On<FeedbackReleased>((s, e, _) => s.ByPresentation[e.PresentationId].Released = true);
        On<FeedbackRated>((s, e, _) => s.ByPresentation[e.PresentationId].Find(e.SubmissionId)!.Helpfulness = e.Helpfulness);
        On<FeedbackFlagged>((s, e, _) => s.ByPresentation[e.PresentationId].Find(e.SubmissionId)!.FlagReason = e.Reason);
        On<FeedbackModerated>((s, e, _) =>
        {
            var moderated = s.ByPresentation[e.PresentationId].Find(e.SubmissionId)!;
            moderated.Hidden = e.Hidden;
            moderated.FlagReason = null;
            if (!e.Hidden)
            {
                // Shown by a coach: that is an approval of its words too.
                moderated.Approve();
            }
        });
        On<FeedbackApproved>((s, e, _) =>
        {
            foreach (var id in e.SubmissionIds)
            {
                s.ByPresentation[e.PresentationId].Find(id)!.Approve();
            }
        });
        On<FeedbackStageShown>((s, e, _) => s.ByPresentation[e.PresentationId].OnStage = e.Shown);
        On<ReflectionWritten>((s, e, stored) => s.ByPresentation[e.PresentationId].Reflection = new Reflection(e.Markdown, e.Html, stored.At));

        // The log's own record of a submission says nothing to participants (the presenter's live view comes as a
        // FeedbackUpdate), and no name where the anonymity mode forbids one.
        View<FeedbackSubmitted>((_, s, e, _, viewer) =>
            !viewer.IsStaff ? e with { UserId = null, DisplayName = null, Scores = new Dictionary<string, int>(), Answers = [] }
            : e.Kind == FeedbackKind.Peer && s.Find(e.PresentationId)?.Anonymity == FeedbackAnonymity.FullyAnonymous ? e with { UserId = null, DisplayName = null }
            : null);
        View<FeedbackFlagged>((_, _, e, _, viewer) => viewer.IsStaff ? null : e with { Reason = "" });
        View<ReflectionWritten>((_, _, e, _, viewer) => viewer.IsStaff ? null : e with { Markdown = "", Html = "" });
    }

    /// <summary>
    /// True when the viewer's view of the event is only a placeholder that keeps their sequence gap-free (a peer's
    /// submission, to anyone but staff), so it may go out together with later events instead of at once.
    /// </summary>
    public static bool CanWait(StoredEvent stored, Viewer viewer) => stored.Event is FeedbackSubmitted && !viewer.IsStaff;

    protected override FeedbackState NewState(RoomState room) => new(room);

    protected override FeedbackSnapshot Snapshot(RoomState room, FeedbackState state, Viewer viewer)
    {
        var (feedback, mine) = state.FeedbackFor(viewer);
        return new(feedback, mine);
    }

    protected override Decision Decide(RoomState room, FeedbackState state, Actor actor, FeedbackCommand command, RoomDecider tools) => command switch
    {
        OpenFeedback c => OpenWindow(room, state, actor, c, tools),
        SubmitFeedback c => WithWindow(state, c.PresentationId, w => Submit(room, actor, w, c, tools)),
        CloseFeedback c => WithWindow(state, c.PresentationId, w => CloseWindow(room, actor, w, tools)),
        ReleaseFeedback c => WithWindow(state, c.PresentationId, w => Release(room, actor, w, tools)),
        RateFeedback c => WithWindow(state, c.PresentationId, w => Rate(actor, w, c)),
        FlagFeedback c => WithWindow(state, c.PresentationId, w => Flag(actor, w, c)),
        ModerateFeedback c => WithWindow(state, c.PresentationId, w => Moderate(actor, w, c)),
        ApproveFeedback c => WithWindow(state, c.PresentationId, w => Approve(actor, w, c)),
        ShowFeedbackOnStage c => WithWindow(state, c.PresentationId, w => ShowOnStage(room, state, actor, w, c)),
        WriteReflection c => WithWindow(state, c.PresentationId, w => Reflect(room, actor, w, c, tools)),
        _ => Decision.Reject(Rejection.InvalidArgument, "Unknown command."),
    };

    private static Decision WithWindow(FeedbackState state, string? presentationId, Func<FeedbackWindow, Decision> decide) =>
        state.Find(presentationId ?? "") is { } window
            ? decide(window)
            : Decision.Reject(FeedbackRejections.NoFeedbackWindow, "Feedback on that presentation has not been opened.");

    private static Decision OpenWindow(RoomState room, FeedbackState state, Actor actor, OpenFeedback open, RoomDecider tools)
    {
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can open feedback.");
        }
        if (room.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; feedback can no longer be opened.");
        }
        if (room.Feature<StageState>().FindPresentation(open.PresentationId) is not { } presentation)
        {
            return Decision.Reject(StageRejections.NoPresentation, "There is no such presentation in this roundtable.");
        }
        if (state.Find(open.PresentationId) is { } existing)
        {
            return existing.IsClosedAt(tools.Now)
                ? Decision.Reject(FeedbackRejections.FeedbackClosed, "Feedback on this presentation has already been given and closed.")
                : Decision.AlreadyDone();
        }
        if (open.Rubric.Criteria.Count == 0)
        {
            return Decision.Reject(Rejection.InvalidArgument, "That rubric has no criteria to rate.");
        }
        if (open.AutoCloseMinutes is { } minutes && (minutes < 1 || minutes > FeedbackLimits.MaxAutoCloseMinutes))
        {
            return Decision.Reject(Rejection.InvalidArgument, $"Feedback closes by itself after 1 to {FeedbackLimits.MaxAutoCloseMinutes} minutes.");
        }
        if (!Enum.IsDefined(open.Anonymity))
        {
            return Decision.Reject(Rejection.InvalidArgument, "Choose named, anonymous to the presenter, or fully anonymous.");
        }
        if (!Enum.IsDefined(open.Moderation))
        {
            return Decision.Reject(Rejection.InvalidArgument, "Choose whether comments are held for review or shown at once.");
        }
        return Decision.Accept(new FeedbackWindowOpened(
            presentation.PresentationId, presentation.PresenterUserId, presentation.PresenterName, open.Rubric, open.Anonymity,
            open.AutoCloseMinutes * 60, actor.UserId, open.Moderation));
    }

    /// <summary>
    /// As what the actor gives feedback on the window (the presenter a self-assessment, staff a coach's, learners in the
    /// room a peer's), or why they may not: asked by a submission and by the advice on a comment being written.
    /// </summary>
    public static (FeedbackKind? Kind, Decision? Refusal) GiverOf(RoomState room, Actor actor, FeedbackWindow window)
    {
        var kind = actor.UserId == window.PresenterUserId ? FeedbackKind.Self
            : actor.CanFacilitate ? FeedbackKind.Coach
            : actor.Role == RoomRole.Learner ? FeedbackKind.Peer
            : (FeedbackKind?)null;
        if (kind is null)
        {
            return (null, Decision.Reject(Rejection.NotAllowed, "Peer feedback comes from the learners in the roundtable."));
        }
        if (kind == FeedbackKind.Peer && !room.IsPresent(actor.UserId))
        {
            return (null, Decision.Reject(Rejection.NotInRoom, "Join the roundtable before giving feedback."));
        }
        return (kind, null);
    }

    private static Decision Submit(RoomState room, Actor actor, FeedbackWindow window, SubmitFeedback submit, RoomDecider tools)
    {
        if (room.Status == RoomStatus.Ended || window.IsClosedAt(tools.Now))
        {
            return Decision.Reject(FeedbackRejections.FeedbackClosed, "Feedback on this presentation has closed; nothing was saved.");
        }
        var isPresenter = actor.UserId == window.PresenterUserId;
        if (submit.SelfAssessment != isPresenter)
        {
            return Decision.Reject(Rejection.NotAllowed, isPresenter
                ? "You cannot rate your own presentation; add a self-assessment instead."
                : "Only the presenter gives a self-assessment.");
        }
        var (giver, refusal) = GiverOf(room, actor, window);
        if (giver is not { } kind)
        {
            return refusal!;
        }
        var feedback = FeedbackRules.Check(window.Rubric, submit.Scores, submit.Answers, tools.Render);
        if (!feedback.IsValid)
        {
            return Decision.Reject(feedback.TooLarge ? Rejection.MessageTooLarge : Rejection.InvalidArgument, feedback.Refusal!);
        }
        var (scores, answers) = (feedback.Scores!, feedback.Answers!);
        var earlier = window.FindByUser(actor.UserId);
        if (earlier is not null && FeedbackRules.Same(earlier.Scores, earlier.Answers, scores, answers))
        {
            return Decision.AlreadyDone();
        }
        return Decision.Accept(new FeedbackSubmitted(
            window.PresentationId, earlier?.Id, (earlier?.Revision ?? 0) + 1, kind, actor.UserId, actor.DisplayName, scores, answers));
    }

    private static Decision CloseWindow(RoomState room, Actor actor, FeedbackWindow window, RoomDecider tools)
    {
        if (!actor.CanFacilitate && !window.IsClosedAt(tools.Now))
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can close feedback.");
        }
        return window.Closed || room.Status == RoomStatus.Ended
            ? Decision.AlreadyDone()
            : Decision.Accept(new FeedbackWindowClosed(window.PresentationId, window.IsClosedAt(tools.Now) ? null : actor.UserId));
    }

    private static Decision Release(RoomState room, Actor actor, FeedbackWindow window, RoomDecider tools)
    {
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can release feedback to the peers.");
        }
        return window.Released
            ? Decision.AlreadyDone()
            : Decision.Accept([.. CloseIfDue(room, window, tools), new FeedbackReleased(window.PresentationId, actor.UserId, window.PresenterUserId)]);
    }

    private static Decision Rate(Actor actor, FeedbackWindow window, RateFeedback rate)
    {
        if (actor.UserId != window.PresenterUserId)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only the presenter rates how helpful their feedback was.");
        }
        if (window.Find(rate.SubmissionId) is not { Kind: FeedbackKind.Peer } submission)
        {
            return Decision.Reject(FeedbackRejections.UnknownFeedback, "There is no such peer feedback on this presentation.");
        }
        if (rate.Helpfulness < 1 || rate.Helpfulness > FeedbackLimits.MaxHelpfulness)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"Rate helpfulness from 1 to {FeedbackLimits.MaxHelpfulness}.");
        }
        return submission.Helpfulness == rate.Helpfulness
            ? Decision.AlreadyDone()
            : Decision.Accept(new FeedbackRated(window.PresentationId, submission.Id, rate.Helpfulness));
    }

    private static Decision Flag(Actor actor, FeedbackWindow window, FlagFeedback flag)
    {
        if (actor.UserId != window.PresenterUserId)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only the presenter can flag feedback on their presentation.");
        }
        if (window.Find(flag.SubmissionId) is not { Kind: FeedbackKind.Peer } submission)
        {
            return Decision.Reject(FeedbackRejections.UnknownFeedback, "There is no such peer feedback on this presentation.");
        }
        var reason = flag.Reason.Trim();
        if (reason.Length > FeedbackLimits.MaxFlagReasonLength)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"Say why in at most {FeedbackLimits.MaxFlagReasonLength} characters.");
        }
        return submission.FlagReason is not null || submission.Hidden
            ? Decision.AlreadyDone()
            : Decision.Accept(new FeedbackFlagged(window.PresentationId, submission.Id, reason));
    }

    private static Decision Moderate(Actor actor, FeedbackWindow window, ModerateFeedback moderate)
    {
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can moderate feedback.");
        }
        if (window.Find(moderate.SubmissionId) is not { Kind: FeedbackKind.Peer } submission)
        {
            return Decision.Reject(FeedbackRejections.UnknownFeedback, "There is no such peer feedback on this presentation.");
        }
        return submission.Hidden == moderate.Hide && submission.FlagReason is null
            ? Decision.AlreadyDone()
            : Decision.Accept(new FeedbackModerated(window.PresentationId, submission.Id, moderate.Hide, actor.UserId));
    }

    private static Decision Approve(Actor actor, FeedbackWindow window, ApproveFeedback approve)
    {
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can approve feedback.");
        }
        var approved = new List<long>();
        if (approve.SubmissionIds is not { Count: > 0 } ids)
        {
            approved.AddRange(window.Submissions.Where(s => s.Held).Select(s => s.Id).Order());
        }
        else
        {
            foreach (var id in ids.Distinct())
            {
                if (window.Find(id) is not { Kind: FeedbackKind.Peer } submission)
                {
                    return Decision.Reject(FeedbackRejections.UnknownFeedback, "There is no such peer feedback on this presentation.");
                }
                if (submission.Hidden)
                {
                    return Decision.Reject(Rejection.InvalidArgument, "That comment is hidden; show it again to let the presenter see it.");
                }
                if (submission.Held)
                {
                    approved.Add(id);
                }
            }
        }
        return approved.Count == 0
            ? Decision.AlreadyDone()
            : Decision.Accept(new FeedbackApproved(window.PresentationId, approved, actor.UserId));
    }

    private static Decision ShowOnStage(RoomState room, FeedbackState state, Actor actor, FeedbackWindow window, ShowFeedbackOnStage show)
    {
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can put feedback on the stage.");
        }
        if (window.OnStage == show.Show)
        {
            return Decision.AlreadyDone();
        }
        if (show.Show && room.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended.");
        }
        // One aggregate on the stage at a time: showing one takes down any other.
        return Decision.Accept([
            .. show.Show && state.OnStage is { } other ? [new FeedbackStageShown(other.PresentationId, false, actor.UserId)] : Array.Empty<Events.RoomEvent>(),
            new FeedbackStageShown(window.PresentationId, show.Show, actor.UserId),
        ]);
    }

    private static Decision Reflect(RoomState room, Actor actor, FeedbackWindow window, WriteReflection reflect, RoomDecider tools)
    {
        if (actor.UserId != window.PresenterUserId)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only the presenter writes the reflection on their presentation.");
        }
        if (!window.IsClosedAt(tools.Now) && room.Status != RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.InvalidArgument, "Write your reflection once feedback has closed.");
        }
        if (string.IsNullOrWhiteSpace(reflect.Markdown))
        {
            return Decision.Reject(Rejection.EmptyMessage, "The reflection is empty.");
        }
        if (Decision.TooLarge(reflect.Markdown, FeedbackLimits.MaxReflectionBytes, "The reflection is", "Nothing was saved.") is { } tooLarge)
        {
            return tooLarge;
        }
        if (window.Reflection?.Markdown == reflect.Markdown)
        {
            return Decision.AlreadyDone();
        }
        return Decision.Accept([.. CloseIfDue(room, window, tools), new ReflectionWritten(window.PresentationId, actor.UserId, reflect.Markdown, tools.Render(reflect.Markdown))]);
    }

    /// <summary>The closing event a window past its deadline still lacks (its auto-close may not have run yet).</summary>
    private static IEnumerable<Events.RoomEvent> CloseIfDue(RoomState room, FeedbackWindow window, RoomDecider tools) =>
        !window.Closed && room.Status != RoomStatus.Ended && window.IsClosedAt(tools.Now)
            ? [new FeedbackWindowClosed(window.PresentationId, null)]
            : [];
}
