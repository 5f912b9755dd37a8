using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.Dashboard;

/// <summary>When the dashboard raises a flag; per program, with these defaults.</summary>
public sealed record DashboardThresholds(
    int MissedSessionsInARow = 2,
    int DecliningPresentations = 3,
    int MinFeedbackGiven = 1,
    int MinContributions = 1)
{
    public static readonly DashboardThresholds Default = new();
}

/// <summary>Why a learner needs attention, in words, with a stable code for filtering.</summary>
public sealed record LearnerFlag(string Code, string Explanation);

/// <summary>One point of a learner's trend: a presentation's peer overall (weighted mean), when it was given.</summary>
public sealed record TrendPoint(string RoundtableId, string PresentationId, DateTimeOffset At, double Overall);

/// <summary>A criterion's mean across the peer feedback a learner received (criteria matched by id across rubric versions).</summary>
public sealed record CriterionMean(string CriterionId, string Name, double Mean, int Ratings);

/// <summary>One row of the cohort at a glance.</summary>
public sealed record LearnerRow(
    string UserId,
    string DisplayName,
    int SessionsJoined,
    int SessionsHeld,
    TimeSpan TimePresent,
    int PresentationsGiven,
    double? FeedbackReceivedOverall,
    IReadOnlyList<CriterionMean> FeedbackReceivedByCriterion,
    IReadOnlyList<TrendPoint> Trend,
    int FeedbackGiven,
    double? HelpfulnessEarned,
    int HelpfulnessRatings,
    int Messages,
    int HandsRaised,
    int QuestionsAsked,
    int PollAnswers,
    IReadOnlyList<LearnerFlag> Flags,
    int PlansAssigned = 0,
    int PlansDone = 0,
    int PlansOverdue = 0);

public sealed record CohortDashboard(
    string CohortId,
    string CohortName,
    string ProgramId,
    string ProgramName,
    int SessionsHeld,
    int LiveSessions,
    IReadOnlyList<LearnerRow> Learners,
    DashboardThresholds Thresholds,
    long AsOfPosition);

/// <summary>A criterion across a cohort: its mean over all peer feedback, and per session (for how it moves).</summary>
public sealed record CriterionTrend(string CriterionId, string Name, double Mean, int Ratings, IReadOnlyList<SessionMean> BySession);

public sealed record SessionMean(string RoundtableId, string Title, DateTimeOffset At, double Mean);

/// <summary>A held session at a glance, for spotting weak ones: attendance, messages per attendee, its learners' rating.</summary>
public sealed record SessionHealth(
    string RoundtableId, string Title, DateTimeOffset At, int Attended, int Expected, double MessagesPerAttendee,
    double? AverageRating, int Ratings, double? PeerOverall, bool LowParticipation, bool LowRating);

/// <summary>A cohort beside the others of its program.</summary>
public sealed record CohortComparison(string CohortId, string Name, int Learners, int SessionsHeld, double? AttendanceRate, double? PeerOverall, double? AverageSessionRating);

public sealed record ProgramImprovement(
    string ProgramId,
    string ProgramName,
    IReadOnlyList<CriterionTrend> WeakestCriteria,
    IReadOnlyList<SessionHealth> Sessions,
    IReadOnlyList<CohortComparison> Cohorts);

/// <summary>A learner's rating of a roundtable after it ended; the comment is Markdown rendered and sanitised.</summary>
public sealed record RatingOfSession(string UserId, string DisplayName, int Rating, string? CommentHtml, DateTimeOffset At);

public sealed record AttendanceView(string UserId, string DisplayName, RoomRole Role, TimeSpan TimePresent, DateTimeOffset FirstJoined);

/// <summary>A poll's final result.</summary>
public sealed record PollResult(string Question, IReadOnlyList<string> Options, IReadOnlyList<int> Counts, bool Closed);

/// <summary>Where to find a presentation: its roundtable, its id there, and when it started.</summary>
public sealed record PresentationRef(string RoundtableId, string PresentationId, DateTimeOffset StartedAt);

/// <summary>
/// A presentation in a summary: who presented and the peers' aggregate (what anyone in the room could be shown once
/// released). <paramref name="Calibrated"/>: the peers' aggregate with each rater's leniency removed beside the raw one,
/// filled in by the API for the presenter and the cohort's coaches where those coaches chose to show it.
/// </summary>
public sealed record PresentationSummary(
    string PresentationId, string PresenterUserId, string PresenterName, DateTimeOffset StartedAt, FeedbackAggregate? PeerAggregate, bool Released,
    CalibratedAggregate? Calibrated = null);

/// <summary>A roundtable after it ended, kept for good.</summary>
public sealed record RoundtableSummary(
    string RoundtableId,
    string CohortId,
    string Title,
    RoomStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    IReadOnlyList<AttendanceView> Attendance,
    int Messages,
    IReadOnlyList<PresentationSummary> Presentations,
    IReadOnlyList<PollResult> Polls,
    double? AverageRating,
    IReadOnlyList<RatingOfSession> Ratings);
