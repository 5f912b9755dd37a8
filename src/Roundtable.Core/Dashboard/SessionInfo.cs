using Roundtable.Core.Feedback;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.Dashboard;

/// <summary>One roundtable as the dashboard folds it.</summary>
internal sealed class SessionInfo(string id, string cohortId, string title, DateTimeOffset scheduledStart)
{
    public string Id { get; } = id;
    public string CohortId { get; } = cohortId;
    public string Title { get; } = title;
    public DateTimeOffset ScheduledStart { get; } = scheduledStart;
    public RoomStatus Status { get; private set; } = RoomStatus.Scheduled;
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public int Messages { get; private set; }
    public Dictionary<string, Presence> People { get; } = new(StringComparer.Ordinal);
    public Dictionary<long, PollResult> Polls { get; } = [];
    public Dictionary<string, PresentationInfo> Presentations { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, RatingOfSession> Ratings { get; } = new(StringComparer.Ordinal);

    /// <summary>When it was held (started), or was to be.</summary>
    public DateTimeOffset At => StartedAt ?? ScheduledStart;

    public bool Held => StartedAt is not null;

    public Presence PersonOf(string userId) => People.TryGetValue(userId, out var p) ? p : People[userId] = new Presence();

    public void Apply(StoredEvent stored) => Apply(stored, Id);

    /// <summary>
    /// An event of one of this session's breakout rooms: who was there and what they said count towards this session
    /// (a learner who moves to their group has not left); the group's own polls, presentations and start do not.
    /// </summary>
    public void ApplyFromBreakout(StoredEvent stored, string breakoutId)
    {
        // A group cannot outlive its session: anything it records after the session ended is not part of it.
        if (Status != RoomStatus.Ended && stored.Event is ParticipantJoined or ParticipantLeft or ParticipantRemoved or RoundtableEnded or MessagePosted or HandRaised or QuestionAsked)
        {
            Apply(stored, breakoutId);
        }
    }

    /// <param name="room">Where it happened: this session's own room, or one of its breakout rooms.</param>
    private void Apply(StoredEvent stored, string room)
    {
        var at = stored.At;
        switch (stored.Event)
        {
            case RoundtableStarted:
                Status = RoomStatus.Live;
                StartedAt ??= at;
                break;
            case RoundtableEnded when room == Id:
                Status = RoomStatus.Ended;
                EndedAt = at;
                foreach (var person in People.Values)
                {
                    person.LeaveEverywhere(at);
                }
                break;
            case RoundtableEnded:
                foreach (var person in People.Values)
                {
                    person.Leave(at, room);
                }
                break;
            case ParticipantJoined e:
                var joined = PersonOf(e.UserId);
                joined.Role = e.Role;
                joined.Join(at, room);
                break;
            case ParticipantLeft e:
                PersonOf(e.UserId).Leave(at, room);
                break;
            case ParticipantRemoved e:
                PersonOf(e.UserId).Leave(at, room);
                break;
            case MessagePosted e:
                Messages++;
                PersonOf(e.UserId).Messages++;
                break;
            case HandRaised e:
                PersonOf(e.UserId).HandsRaised++;
                break;
            case QuestionAsked { UserId: { } asker }:
                PersonOf(asker).Questions++;
                break;
            case PollOpened e:
                Polls[stored.Seq] = new PollResult(e.Question, e.Options, new int[e.Options.Count], false);
                break;
            case PollVoted e when Polls.TryGetValue(e.PollId, out var poll):
                Polls[e.PollId] = poll with { Counts = e.Counts };
                if (e.UserId is not null)
                {
                    PersonOf(e.UserId).PollsAnswered.Add(e.PollId);
                }
                break;
            case PollClosed e when Polls.TryGetValue(e.PollId, out var poll):
                Polls[e.PollId] = poll with { Counts = e.Counts, Closed = true };
                break;
            case PresentationStarted e:
                Presentations[e.PresentationId] = new PresentationInfo(Id, e.PresentationId, e.PresenterUserId, e.PresenterName, at);
                break;
            case FeedbackWindowOpened e when Presentations.TryGetValue(e.PresentationId, out var presentation):
                presentation.Open(e);
                break;
            case FeedbackSubmitted e when Presentations.TryGetValue(e.PresentationId, out var presentation):
                presentation.Submit(stored.Seq, e);
                break;
            case FeedbackReleased e when Presentations.TryGetValue(e.PresentationId, out var presentation):
                presentation.Released = true;
                break;
            case FeedbackRated e when Presentations.TryGetValue(e.PresentationId, out var presentation):
                presentation.Helpfulness[e.SubmissionId] = e.Helpfulness;
                break;
            case SessionRated e:
                Ratings[e.UserId] = new RatingOfSession(e.UserId, e.DisplayName, e.Rating, e.CommentHtml, at);
                break;
        }
    }

    /// <summary>Time present up to <paramref name="now"/> (an open stay counts until now, or until the end).</summary>
    public TimeSpan TimePresent(string userId, DateTimeOffset now) =>
        People.TryGetValue(userId, out var p) ? p.Total(EndedAt ?? now) : TimeSpan.Zero;

    public bool Attended(string userId) => People.TryGetValue(userId, out var p) && p.FirstJoined is not null;
}

/// <summary>One person in one roundtable: their stays and what they did.</summary>
internal sealed class Presence
{
    private TimeSpan _closed;
    private DateTimeOffset? _since;
    /// <summary>The rooms of the session (its own, its breakouts) they are in now: present while in any of them.</summary>
    private readonly HashSet<string> _in = new(StringComparer.Ordinal);

    public RoomRole Role { get; set; } = RoomRole.Learner;
    public DateTimeOffset? FirstJoined { get; private set; }
    public int Messages { get; set; }
    public int HandsRaised { get; set; }
    public int Questions { get; set; }
    public HashSet<long> PollsAnswered { get; } = [];

    public void Join(DateTimeOffset at, string room)
    {
        FirstJoined ??= at;
        _since ??= at;
        _in.Add(room);
    }

    public void Leave(DateTimeOffset at, string room)
    {
        _in.Remove(room);
        if (_in.Count == 0)
        {
            LeaveEverywhere(at);
        }
    }

    public void LeaveEverywhere(DateTimeOffset at)
    {
        _in.Clear();
        if (_since is { } since)
        {
            _closed += at - since;
            _since = null;
        }
    }

    public TimeSpan Total(DateTimeOffset now) => _closed + (_since is { } since && now > since ? now - since : TimeSpan.Zero);
}

/// <summary>A presentation and its peer feedback, kept as a tally (revisions replace, one step per criterion).</summary>
internal sealed class PresentationInfo(string roundtableId, string id, string presenterUserId, string presenterName, DateTimeOffset startedAt)
{
    public string RoundtableId { get; } = roundtableId;
    private readonly Dictionary<string, IReadOnlyDictionary<string, int>> _peerScores = new(StringComparer.Ordinal);

    public string Id { get; } = id;
    public string PresenterUserId { get; } = presenterUserId;
    public string PresenterName { get; } = presenterName;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public FeedbackTally? Tally { get; private set; }
    public bool Released { get; set; }

    /// <summary>Who gave each peer submission (by submission id), for the helpfulness their feedback earned.</summary>
    public Dictionary<long, string> Givers { get; } = [];

    public Dictionary<long, int> Helpfulness { get; } = [];

    public IEnumerable<string> PeerGivers => _peerScores.Keys;

    /// <summary>Each peer's latest scores, by giver.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> PeerScores => _peerScores;

    /// <summary>Each coach's latest scores, by coach: the reference for rater calibration.</summary>
    public Dictionary<string, IReadOnlyDictionary<string, int>> CoachScores { get; } = new(StringComparer.Ordinal);

    public void Open(FeedbackWindowOpened opened) => Tally = new FeedbackTally(opened.Rubric);

    public void Submit(long seq, FeedbackSubmitted e)
    {
        if (Tally is null || e.UserId is null)
        {
            return;
        }
        if (e.Kind == FeedbackKind.Coach)
        {
            CoachScores[e.UserId] = e.Scores;
            return;
        }
        if (e.Kind != FeedbackKind.Peer)
        {
            return;
        }
        Tally.Replace(_peerScores.GetValueOrDefault(e.UserId), e.Scores);
        _peerScores[e.UserId] = e.Scores;
        Givers[e.SubmissionId ?? seq] = e.UserId;
    }

    /// <summary>The peers' weighted overall; null before any peer feedback.</summary>
    public double? Overall => Tally?.Submissions > 0 ? Tally.ToAggregate().Overall : null;
}
