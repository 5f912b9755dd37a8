using Roundtable.Core.Dashboard;
using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Core.Feedback;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.Tests;

/// <summary>
/// A log told as a story for the dashboard tests: directory and room events appended with increasing positions and
/// per-stream seqs, each room event stamped at a minute of its roundtable, and every event applied to one
/// <see cref="ProgramActivity"/> as it is appended.
/// </summary>
internal sealed class ActivityStory
{
    /// <summary>Day 0, minute 0: when the directory events happen; roundtables are scheduled on the days after.</summary>
    public static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Well after every roundtable of any story: the "now" of a query that should see everything closed.</summary>
    public static readonly DateTimeOffset Later = Time(60);

    public static DateTimeOffset Time(int day, double minute = 0) => Monday.AddDays(day).AddMinutes(minute);

    private readonly Dictionary<string, long> _seqs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoomRole> _roles = new(StringComparer.Ordinal);

    public ProgramActivity Activity { get; } = new();

    /// <summary>The position of the last event appended.</summary>
    public long Position { get; private set; }

    public StoredEvent Append(string stream, DomainEvent e, DateTimeOffset at)
    {
        var seq = _seqs[stream] = _seqs.GetValueOrDefault(stream) + 1;
        var stored = new StoredEvent(stream, seq, ++Position, at, e);
        Activity.Apply(stored);
        return stored;
    }

    public ActivityStory Directory(DirectoryEvent e)
    {
        Append(StreamNames.Directory, e, Monday);
        return this;
    }

    public ActivityStory Program(string programId, string name) => Directory(new ProgramCreated(programId, name, "", "admin"));

    public ActivityStory Cohort(string cohortId, string programId, string name) => Directory(new CohortCreated(cohortId, programId, name, "admin"));

    /// <summary>Registers a person; their display name is their id with a capital ("ada" is Ada).</summary>
    public ActivityStory User(string userId, string? displayName = null)
    {
        displayName ??= char.ToUpperInvariant(userId[0]) + userId[1..];
        _names[userId] = displayName;
        return Directory(new UserRegistered(userId, $"{userId}@example.org", displayName, "hash", false));
    }

    public ActivityStory Member(string cohortId, string userId, CohortRole role = CohortRole.Learner)
    {
        _roles[userId] = role switch
        {
            CohortRole.Coach => RoomRole.Coach,
            CohortRole.Manager => RoomRole.Manager,
            _ => RoomRole.Learner,
        };
        return Directory(new MemberAdded(cohortId, userId, role, "admin"));
    }

    /// <summary>Registers each person and adds them to the cohort as a learner.</summary>
    public ActivityStory Learners(string cohortId, params string[] userIds)
    {
        foreach (var userId in userIds)
        {
            User(userId).Member(cohortId, userId);
        }
        return this;
    }

    public ActivityStory Remove(string cohortId, string userId) => Directory(new MemberRemoved(cohortId, userId, "admin"));

    public ActivityStory Thresholds(string programId, DashboardThresholds thresholds) =>
        Directory(new DashboardThresholdsSet(programId, thresholds, "admin"));

    /// <summary>Schedules a roundtable on <paramref name="day"/> (at 09:00); its story's minutes count from then.</summary>
    public RoomStory Schedule(string roundtableId, string cohortId, string title, int day, RoundtableKind kind = RoundtableKind.Session, string? parentId = null)
    {
        Directory(new RoundtableScheduled(roundtableId, cohortId, title, Time(day), 60, "cora", kind, parentId));
        return Room(roundtableId, day);
    }

    /// <summary>A room's story without scheduling it (for events of rooms the directory does not know).</summary>
    public RoomStory Room(string roundtableId, int day) => new(this, roundtableId, Time(day));

    public string NameOf(string userId) => _names.GetValueOrDefault(userId, userId);

    public RoomRole RoleOf(string userId) => _roles.GetValueOrDefault(userId, RoomRole.Learner);

    public CohortDashboard Cohort(string cohortId = "c1", DateTimeOffset? now = null) => Activity.Cohort(cohortId, now ?? Later)!;

    public LearnerRow Row(string userId, string cohortId = "c1", DateTimeOffset? now = null) => Activity.Learner(cohortId, userId, now ?? Later)!;
}

/// <summary>One roundtable's events, each stamped at the minute last set with <see cref="At"/>.</summary>
internal sealed class RoomStory(ActivityStory story, string roundtableId, DateTimeOffset scheduledStart)
{
    private readonly Dictionary<string, string> _presenters = new(StringComparer.Ordinal);
    private readonly Dictionary<long, PollOpened> _polls = [];

    public string Id => roundtableId;

    /// <summary>When it was scheduled to start: minute 0 of its story.</summary>
    public DateTimeOffset ScheduledStart { get; } = scheduledStart;

    private DateTimeOffset _now = scheduledStart;

    /// <summary>Minutes after the scheduled start.</summary>
    public RoomStory At(double minute)
    {
        _now = ScheduledStart.AddMinutes(minute);
        return this;
    }

    public long Append(RoomEvent e) => story.Append(StreamNames.Room(roundtableId), e, _now).Seq;

    private RoomStory Then(RoomEvent e)
    {
        Append(e);
        return this;
    }

    private string Name(string userId) => story.NameOf(userId);

    public RoomStory Start() => Then(new RoundtableStarted("cora"));

    public RoomStory End() => Then(new RoundtableEnded("cora"));

    public RoomStory Join(params string[] userIds)
    {
        foreach (var userId in userIds)
        {
            Append(new ParticipantJoined(userId, Name(userId), story.RoleOf(userId)));
        }
        return this;
    }

    public RoomStory Leave(string userId, LeaveReason reason = LeaveReason.Left) => Then(new ParticipantLeft(userId, Name(userId), reason));

    public RoomStory Remove(string userId) => Then(new ParticipantRemoved(userId, Name(userId), "cora"));

    public RoomStory Say(string userId, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            Append(new MessagePosted(userId, Name(userId), "Hello", "<p>Hello</p>", null));
        }
        return this;
    }

    public RoomStory RaiseHand(string userId, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            Append(new HandRaised(userId, Name(userId)));
        }
        return this;
    }

    /// <summary>A question as the log stores it: naming the asker, even when asked anonymously.</summary>
    public RoomStory Ask(string userId, bool anonymous = false) => Then(new QuestionAsked(userId, Name(userId), "Why?", "<p>Why?</p>", anonymous));

    /// <summary>A question that names nobody.</summary>
    public RoomStory AskUnnamed() => Then(new QuestionAsked(null, null, "Why?", "<p>Why?</p>", true));

    public RoomStory OpenPoll(string question, string[] options, out long pollId)
    {
        var opened = new PollOpened("cora", question, options, false, false);
        pollId = Append(opened);
        _polls[pollId] = opened;
        return this;
    }

    /// <summary>A vote, with the poll's counts after it.</summary>
    public RoomStory Vote(long pollId, string userId, params int[] counts) => Then(new PollVoted(pollId, userId, [0], counts));

    public RoomStory ClosePoll(long pollId, params int[] counts) =>
        Then(new PollClosed(pollId, "cora", _polls[pollId].Question, _polls[pollId].Options, counts));

    public RoomStory Present(string presentationId, string presenterUserId)
    {
        _presenters[presentationId] = presenterUserId;
        return Then(new PresentationStarted(presentationId, presenterUserId, Name(presenterUserId), null, "cora"));
    }

    public RoomStory OpenFeedback(string presentationId, Rubric? rubric = null)
    {
        var presenter = _presenters[presentationId];
        return Then(new FeedbackWindowOpened(presentationId, presenter, Name(presenter), rubric ?? Rubrics.V1, FeedbackAnonymity.Named, null, "cora"));
    }

    /// <summary>Peer feedback on the first rubric (clarity, delivery).</summary>
    public RoomStory Peer(string presentationId, string giverUserId, int clarity, int delivery) =>
        Peer(presentationId, giverUserId, clarity, delivery, out _);

    public RoomStory Peer(string presentationId, string giverUserId, int clarity, int delivery, out long submissionId) =>
        Give(presentationId, giverUserId, FeedbackKind.Peer, Rubrics.Scores(clarity, delivery), out submissionId);

    /// <summary>A first submission (no submission id yet: its seq becomes it).</summary>
    public RoomStory Give(string presentationId, string giverUserId, FeedbackKind kind, IReadOnlyDictionary<string, int> scores, out long submissionId)
    {
        submissionId = Append(new FeedbackSubmitted(presentationId, null, 1, kind, giverUserId, Name(giverUserId), scores, []));
        return this;
    }

    public RoomStory Give(string presentationId, string giverUserId, FeedbackKind kind, IReadOnlyDictionary<string, int> scores) =>
        Give(presentationId, giverUserId, kind, scores, out _);

    /// <summary>A revision of peer feedback on the first rubric: it keeps the first version's submission id.</summary>
    public RoomStory Revise(string presentationId, long submissionId, string giverUserId, int clarity, int delivery, int revision = 2) =>
        Then(new FeedbackSubmitted(presentationId, submissionId, revision, FeedbackKind.Peer, giverUserId, Name(giverUserId),
            Rubrics.Scores(clarity, delivery), []));

    public RoomStory RateFeedback(string presentationId, long submissionId, int helpfulness) =>
        Then(new FeedbackRated(presentationId, submissionId, helpfulness));

    public RoomStory Release(string presentationId) => Then(new FeedbackReleased(presentationId, "cora"));

    public RoomStory RateSession(string userId, int rating, string? comment = null) =>
        Then(new SessionRated(userId, Name(userId), rating, comment, comment is null ? null : $"<p>{comment}</p>"));
}

internal static class Rubrics
{
    private static readonly string[] Levels = ["Poor", "Weak", "Fair", "Good", "Great"];

    /// <summary>Clarity (weight 2) and delivery (weight 1), both 1..5.</summary>
    public static readonly Rubric V1 = new("pitch", 1, "p1", "Pitch", "",
        [new RubricCriterion("clarity", "Clarity", "", Levels, 2), new RubricCriterion("delivery", "Delivery", "", Levels, 1)], []);

    /// <summary>The next version: structure added first, clarity renamed, delivery dropped; equal weights.</summary>
    public static readonly Rubric V2 = new("pitch", 2, "p1", "Pitch", "",
        [new RubricCriterion("structure", "Structure", "", Levels, 1), new RubricCriterion("clarity", "Clear message", "", Levels, 1)], []);

    public static Dictionary<string, int> Scores(int clarity, int delivery) => new() { ["clarity"] = clarity, ["delivery"] = delivery };
}
