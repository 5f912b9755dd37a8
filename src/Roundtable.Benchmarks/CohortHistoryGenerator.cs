using System.Globalization;
using System.Net;
using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Core.Feedback;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Seeding;
using static Roundtable.Benchmarks.CohortHistoryTexts;

namespace Roundtable.Benchmarks;

/// <summary>One event of a synthetic history: its stream, and when it happened (what the log stamps as its time).</summary>
public sealed record HistoryEvent(string Stream, DateTimeOffset At, DomainEvent Event);

public sealed record HistoryPerson(string UserId, string Email, string DisplayName);

/// <summary>A synthetic program with one cohort and its past roundtables; <see cref="Events"/> in the order a log would hold them.</summary>
public sealed record CohortHistory(
    string ProgramId,
    string CohortId,
    HistoryPerson Coach,
    HistoryPerson Manager,
    IReadOnlyList<HistoryPerson> Learners,
    IReadOnlyList<string> RoundtableIds,
    IReadOnlyList<HistoryEvent> Events)
{
    /// <summary>The events as a log stores them: a gap-free seq per stream, positions 1, 2, 3, ...</summary>
    public IReadOnlyList<StoredEvent> ToStored()
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        var stored = new List<StoredEvent>(Events.Count);
        foreach (var e in Events)
        {
            var seq = versions[e.Stream] = versions.GetValueOrDefault(e.Stream) + 1;
            stored.Add(new StoredEvent(e.Stream, seq, stored.Count + 1, e.At, e.Event));
        }
        return stored;
    }
}

/// <summary>
/// Writes the history of a cohort as the app would have logged it: accounts, a program with a presentation rubric, a
/// cohort of learners with a coach and a manager, and weekly roundtables, each started and ended, with people joining
/// late, dropping out and leaving early, chat, raised hands, questions, a poll, two or three presentations with peer
/// feedback (some revised), the presenter's helpfulness ratings, release, and the learners' ratings of the session.
/// Every room stream is one the room's decider could have produced: people act only while present, a peer gives
/// feedback only in an open window, ids that are seqs (polls, questions, submissions) are the seqs the events get.
/// Deterministic for a seed and a first session.
/// </summary>
public sealed class CohortHistoryGenerator
{
    private readonly Random _rng;
    private readonly List<HistoryEvent> _events = [];
    private readonly Rubric _rubric;
    private readonly HistoryPerson _coach;
    private readonly HistoryPerson _manager;
    private readonly List<Learner> _learners;
    private readonly Dictionary<string, double> _criterionBias;

    private CohortHistoryGenerator(int seed, int learners)
    {
        _rng = new Random(seed);
        var people = People(learners + 2);
        _coach = people[0];
        _manager = people[1];
        _learners = [.. people.Skip(2).Select(p => new Learner(p,
            Reliability: _rng.NextDouble() < 0.08 ? 0.55 : 0.8 + 0.19 * _rng.NextDouble(),
            // A few never say a word, a few say a lot.
            Talk: _rng.NextDouble() < 0.06 ? 0 : Math.Pow(_rng.NextDouble(), 2) * 3 + 0.2,
            Diligence: _rng.NextDouble() < 0.06 ? 0.1 : 0.85 + 0.15 * _rng.NextDouble(),
            Skill: 2.6 + 1.6 * _rng.NextDouble(),
            Growth: -0.6 + 1.8 * _rng.NextDouble()))];
        _rubric = RubricRules.Validate(DemoSeeder.PresentationRubric, NewId(), 1, NewId()).Rubric!;
        _criterionBias = _rubric.Criteria.ToDictionary(c => c.Id, _ => -0.5 + _rng.NextDouble());
    }

    /// <summary>
    /// A program, a cohort of <paramref name="learners"/> learners with a coach and a manager, and
    /// <paramref name="roundtables"/> weekly roundtables from <paramref name="firstSession"/> on, all held. Every account
    /// gets <paramref name="passwordHash"/>.
    /// </summary>
    public static CohortHistory Generate(int seed, DateTimeOffset firstSession, string passwordHash, int learners = 50, int roundtables = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(learners, 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(roundtables, 1);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        return new CohortHistoryGenerator(seed, learners).Build(firstSession, passwordHash, roundtables);
    }

    private CohortHistory Build(DateTimeOffset firstSession, string passwordHash, int roundtables)
    {
        var programId = _rubric.ProgramId;
        var cohortId = NewId();
        var roundtableIds = Enumerable.Range(0, roundtables).Select(_ => NewId()).ToList();
        var at = firstSession.AddDays(-14);
        void Directory(DirectoryEvent e) => _events.Add(new HistoryEvent(StreamNames.Directory, at = at.AddSeconds(1), e));

        foreach (var p in new[] { _coach, _manager }.Concat(_learners.Select(l => l.Person)))
        {
            Directory(new UserRegistered(p.UserId, p.Email, p.DisplayName, passwordHash, false));
        }
        Directory(new ProgramCreated(programId, "Customer Discovery Academy",
            "Twenty weeks of practice in discovery calls and presenting, with peer feedback from your cohort.", _manager.UserId));
        Directory(new CohortCreated(cohortId, programId, firstSession.ToString("MMMM yyyy", CultureInfo.InvariantCulture) + " cohort", _manager.UserId));
        Directory(new MemberAdded(cohortId, _coach.UserId, CohortRole.Coach, _manager.UserId));
        Directory(new MemberAdded(cohortId, _manager.UserId, CohortRole.Manager, _manager.UserId));
        foreach (var l in _learners)
        {
            Directory(new MemberAdded(cohortId, l.Person.UserId, CohortRole.Learner, _manager.UserId));
        }
        Directory(new RubricSaved(_rubric, _coach.UserId));
        for (var week = 0; week < roundtables; week++)
        {
            Directory(new RoundtableScheduled(roundtableIds[week], cohortId, $"Week {week + 1}: {Topics[week % Topics.Length]}",
                firstSession.AddDays(7 * week), 90, _coach.UserId));
        }

        // Who comes to which session: each learner by their reliability, and everyone at least once.
        var attends = new bool[roundtables, _learners.Count];
        for (var i = 0; i < _learners.Count; i++)
        {
            for (var week = 0; week < roundtables; week++)
            {
                attends[week, i] = _rng.NextDouble() < _learners[i].Reliability;
            }
            if (!Enumerable.Range(0, roundtables).Any(week => attends[week, i]))
            {
                attends[_rng.Next(roundtables), i] = true;
            }
        }
        for (var week = 0; week < roundtables; week++)
        {
            var attendees = _learners.Where((_, i) => attends[week, i]).ToList();
            var room = new RoomPlan(roundtableIds[week], firstSession.AddDays(7 * week), _rng);
            PlanSession(room, attendees, week / (double)Math.Max(1, roundtables - 1));
            _events.AddRange(room.Emit());
        }
        return new CohortHistory(programId, cohortId, _coach, _manager, [.. _learners.Select(l => l.Person)], roundtableIds, _events);
    }

    private void PlanSession(RoomPlan room, List<Learner> attendees, double progress)
    {
        var coach = _coach;
        room.Stay(coach, RoomRole.Coach, room.Minutes(-8), null);
        room.Add(room.Start, new RoundtableStarted(coach.UserId));
        if (_rng.NextDouble() < 0.35)
        {
            room.Stay(_manager, RoomRole.Manager, room.Minutes(_rng.Next(0, 20)), room.Minutes(_rng.Next(50, 80)));
        }
        foreach (var learner in attendees)
        {
            var join = _rng.NextDouble() < 0.8 ? room.Minutes(-5 + 8 * _rng.NextDouble()) : room.Minutes(5 + 20 * _rng.NextDouble());
            // Some leave early, some say goodbye just before the end, the rest are there when it ends.
            DateTimeOffset? leave = _rng.NextDouble() switch
            {
                < 0.12 => room.Minutes(40 + 45 * _rng.NextDouble()),
                < 0.55 => room.End.AddSeconds(-_rng.Next(1, 90)),
                _ => null,
            };
            if (_rng.NextDouble() < 0.1)
            {
                // The connection drops and comes back a little later.
                var until = leave ?? room.End;
                var drop = join + (until - join) * (0.2 + 0.6 * _rng.NextDouble());
                var back = drop.AddSeconds(_rng.Next(30, 300));
                room.Stay(learner.Person, RoomRole.Learner, join, drop, LeaveReason.Disconnected);
                if (back < until.AddMinutes(-1))
                {
                    room.Stay(learner.Person, RoomRole.Learner, back, leave);
                }
            }
            else
            {
                room.Stay(learner.Person, RoomRole.Learner, join, leave);
            }
        }

        PlanPoll(room, attendees);
        var slots = _rng.NextDouble() < 0.5 ? new[] { 8.0, 33, 58 } : [10.0, 45];
        foreach (var start in slots)
        {
            PlanPresentation(room, attendees, room.Minutes(start), progress);
        }
        PlanChat(room, attendees);
        room.Add(room.End, new RoundtableEnded(coach.UserId));

        // Learners who were there rate the session afterwards.
        var quality = _rng.NextDouble() < 0.15 ? 2.6 : 3.4 + 1.2 * _rng.NextDouble();
        foreach (var learner in attendees.Where(_ => _rng.NextDouble() < 0.7))
        {
            var rating = Math.Clamp((int)Math.Round(quality + _rng.NextDouble() * 2 - 1), 1, 5);
            var comment = _rng.NextDouble() < 0.35 ? Pick(SessionComments) : null;
            room.Add(room.End.AddMinutes(1 + _rng.Next(0, 36 * 60)),
                new SessionRated(learner.Person.UserId, learner.Person.DisplayName, rating, comment, Html(comment)));
        }
    }

    private void PlanPoll(RoomPlan room, List<Learner> attendees)
    {
        var (question, options) = Pick(CohortHistoryTexts.Polls);
        var open = room.Minutes(3 + 2 * _rng.NextDouble());
        var close = open.AddMinutes(3);
        long pollId = 0;
        var counts = new int[options.Length];
        room.Add(open, seq =>
        {
            pollId = seq;
            return new PollOpened(_coach.UserId, question, options, false, false);
        });
        foreach (var voter in attendees.Where(_ => _rng.NextDouble() < 0.85))
        {
            var at = open.AddSeconds(_rng.Next(5, 170));
            if (room.IsPresent(voter.Person.UserId, at))
            {
                var choice = _rng.Next(options.Length);
                room.Add(at, _ =>
                {
                    counts[choice]++;
                    return new PollVoted(pollId, voter.Person.UserId, [choice], [.. counts]);
                });
            }
        }
        room.Add(close, _ => new PollClosed(pollId, _coach.UserId, question, options, [.. counts]));
    }

    private void PlanPresentation(RoomPlan room, List<Learner> attendees, DateTimeOffset start, double progress)
    {
        var end = start.AddMinutes(12 + 3 * _rng.NextDouble());
        var open = end.AddSeconds(10);
        var close = open.AddMinutes(6 + 2 * _rng.NextDouble());
        var release = close.AddSeconds(_rng.Next(20, 60));
        // Whoever has presented least and is there throughout; the least practised go first.
        var presenter = attendees
            .Where(l => room.IsPresentThroughout(l.Person.UserId, start, release.AddMinutes(4)))
            .OrderBy(l => l.Presented).ThenBy(_ => _rng.Next())
            .FirstOrDefault();
        if (presenter is null)
        {
            return;
        }
        presenter.Presented++;
        var p = presenter.Person;
        var coach = _coach.UserId;
        var presentationId = room.NextPresentationId();
        room.Add(start, new PresentationStarted(presentationId, p.UserId, p.DisplayName, null, coach));
        room.Add(end, new PresentationEnded(presentationId, coach));
        room.Add(open, new FeedbackWindowOpened(presentationId, p.UserId, p.DisplayName, _rubric, FeedbackAnonymity.AnonymousToPresenter, null, coach));

        var level = presenter.Skill + presenter.Growth * progress;
        var submissions = new List<Func<long>>();
        foreach (var peer in attendees.Where(l => l != presenter && _rng.NextDouble() < l.Diligence))
        {
            var at = Between(open.AddSeconds(20), close.AddSeconds(-5));
            if (!room.IsPresent(peer.Person.UserId, at))
            {
                continue;
            }
            long submissionId = 0;
            submissions.Add(() => submissionId);
            room.Add(at, seq =>
            {
                submissionId = seq;
                return Submission(presentationId, null, 1, FeedbackKind.Peer, peer.Person, level);
            });
            var revised = Between(at.AddSeconds(1), close.AddSeconds(-1));
            if (_rng.NextDouble() < 0.12 && room.IsPresent(peer.Person.UserId, revised))
            {
                room.Add(revised, _ => Submission(presentationId, submissionId, 2, FeedbackKind.Peer, peer.Person, level));
            }
        }
        room.Add(Between(open, close), Submission(presentationId, null, 1, FeedbackKind.Coach, _coach, level));
        if (_rng.NextDouble() < 0.6)
        {
            room.Add(Between(open, close), Submission(presentationId, null, 1, FeedbackKind.Self, p, level + 0.3));
        }
        room.Add(close, new FeedbackWindowClosed(presentationId, coach));
        room.Add(release, new FeedbackReleased(presentationId, coach));
        foreach (var submission in submissions.Where(_ => _rng.NextDouble() < 0.6))
        {
            // Mostly found helpful: the top of the scale is the likeliest.
            var helpfulness = Math.Clamp((int)Math.Ceiling(Math.Sqrt(_rng.NextDouble()) * FeedbackLimits.MaxHelpfulness), 1, FeedbackLimits.MaxHelpfulness);
            room.Add(release.AddSeconds(_rng.Next(20, 200)), _ => new FeedbackRated(presentationId, submission(), helpfulness));
        }
    }

    private FeedbackSubmitted Submission(string presentationId, long? submissionId, int revision, FeedbackKind kind, HistoryPerson by, double level)
    {
        var scores = _rubric.Criteria.ToDictionary(c => c.Id,
            c => Math.Clamp((int)Math.Round(level + _criterionBias[c.Id] + _rng.NextDouble() * 2 - 1), 1, c.MaxScore));
        var answers = new List<FeedbackAnswer>();
        var texts = new[] { WhatWorked, ToImprove };
        for (var i = 0; i < _rubric.Prompts.Count && i < texts.Length; i++)
        {
            if (_rng.NextDouble() < 0.8)
            {
                var text = Pick(texts[i]);
                answers.Add(new FeedbackAnswer(_rubric.Prompts[i].Id, text, Html(text)!));
            }
        }
        return new FeedbackSubmitted(presentationId, submissionId, revision, kind, by.UserId, by.DisplayName, scores, answers);
    }

    private void PlanChat(RoomPlan room, List<Learner> attendees)
    {
        var talkers = attendees.Where(l => l.Talk > 0).ToList();
        if (talkers.Count == 0)
        {
            return;
        }
        var totalTalk = talkers.Sum(l => l.Talk);
        Learner Talker()
        {
            var x = _rng.NextDouble() * totalTalk;
            return talkers.FirstOrDefault(l => (x -= l.Talk) < 0) ?? talkers[^1];
        }

        var messages = _rng.Next(100, 301);
        for (var i = 0; i < messages; i++)
        {
            var by = _rng.NextDouble() < 0.12 ? _coach : Talker().Person;
            if (room.SomeTimePresent(by.UserId) is { } at)
            {
                var text = Pick(Chat);
                room.Add(at, new MessagePosted(by.UserId, by.DisplayName, text, Html(text)!, NewId()));
            }
        }
        for (var i = _rng.Next(4, 13); i > 0; i--)
        {
            var by = Talker().Person;
            if (room.SomeTimePresent(by.UserId) is not { } at)
            {
                continue;
            }
            room.Add(at, new HandRaised(by.UserId, by.DisplayName));
            if (_rng.NextDouble() < 0.7)
            {
                var given = at.AddSeconds(_rng.Next(15, 90));
                room.AddBeforeEnd(given, _ => new FloorGiven(by.UserId, by.DisplayName, _coach.UserId));
                room.AddBeforeEnd(given.AddSeconds(_rng.Next(30, 180)), _ => new FloorTaken(by.UserId, by.DisplayName, _coach.UserId));
            }
            else
            {
                room.AddBeforeEnd(at.AddSeconds(_rng.Next(10, 60)), _ => new HandLowered(by.UserId, by.DisplayName));
            }
        }
        for (var i = _rng.Next(2, 9); i > 0; i--)
        {
            var by = Talker().Person;
            if (room.SomeTimePresent(by.UserId) is not { } at)
            {
                continue;
            }
            long questionId = 0;
            var text = Pick(CohortHistoryTexts.Questions);
            room.Add(at, seq =>
            {
                questionId = seq;
                return new QuestionAsked(by.UserId, by.DisplayName, text, Html(text)!, _rng.NextDouble() < 0.2);
            });
            foreach (var voter in attendees.Where(l => l.Person != by && _rng.NextDouble() < 0.1))
            {
                var votedAt = at.AddSeconds(_rng.Next(5, 240));
                if (room.IsPresent(voter.Person.UserId, votedAt))
                {
                    room.Add(votedAt, _ => new QuestionUpvoted(questionId, voter.Person.UserId));
                }
            }
            if (_rng.NextDouble() < 0.6)
            {
                room.AddBeforeEnd(at.AddSeconds(_rng.Next(60, 600)), _ => new QuestionAnswered(questionId, _coach.UserId));
            }
        }
    }

    /// <summary>What the renderer makes of plain text: one paragraph, escaped.</summary>
    private static string? Html(string? text) => text is null ? null : $"<p>{WebUtility.HtmlEncode(text)}</p>";

    private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];

    private DateTimeOffset Between(DateTimeOffset from, DateTimeOffset to) =>
        to <= from ? from : from.AddSeconds(Math.Floor((to - from).TotalSeconds * _rng.NextDouble()));

    private string NewId()
    {
        var bytes = new byte[16];
        _rng.NextBytes(bytes);
        return new Guid(bytes).ToString("N");
    }

    private List<HistoryPerson> People(int count)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var people = new List<HistoryPerson>(count);
        while (people.Count < count)
        {
            var first = Pick(FirstNames);
            var last = Pick(LastNames);
            var name = $"{first} {last}";
            if (names.Add(name))
            {
                var local = new string($"{first}.{last}".ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '.').ToArray());
                people.Add(new HistoryPerson(NewId(), $"{local}@example.com", name));
            }
        }
        return people;
    }

    private sealed record Learner(HistoryPerson Person, double Reliability, double Talk, double Diligence, double Skill, double Growth)
    {
        public int Presented { get; set; }
    }

    /// <summary>
    /// One roundtable's events, planned at their times in any order and emitted in time order (ties in the order
    /// planned), each given its seq as it is emitted; who is in the room when is known before anything is planned on it.
    /// </summary>
    private sealed class RoomPlan(string roundtableId, DateTimeOffset start, Random rng)
    {
        private readonly List<(DateTimeOffset At, int Order, Func<long, DomainEvent> Make)> _planned = [];
        private readonly Dictionary<string, List<(DateTimeOffset From, DateTimeOffset To)>> _stays = new(StringComparer.Ordinal);
        private int _presentations;

        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset End { get; } = start.AddMinutes(90).AddSeconds(rng.Next(0, 300));

        public DateTimeOffset Minutes(double minutes) => Start.AddSeconds(Math.Round(minutes * 60));

        public string NextPresentationId() => $"presentation-{++_presentations}";

        public void Add(DateTimeOffset at, DomainEvent e) => Add(at, _ => e);

        public void Add(DateTimeOffset at, Func<long, DomainEvent> make) => _planned.Add((at, _planned.Count, make));

        /// <summary>In the room from <paramref name="from"/> until <paramref name="to"/>, or until the roundtable ends (null).</summary>
        public void Stay(HistoryPerson person, RoomRole role, DateTimeOffset from, DateTimeOffset? to, LeaveReason reason = LeaveReason.Left)
        {
            var stays = _stays.TryGetValue(person.UserId, out var s) ? s : _stays[person.UserId] = [];
            stays.Add((from, to ?? End));
            Add(from, new ParticipantJoined(person.UserId, person.DisplayName, role));
            if (to is { } left)
            {
                Add(left, new ParticipantLeft(person.UserId, person.DisplayName, reason));
            }
        }

        /// <summary>Plans the event unless the roundtable has ended by then (a follow-up that would come too late).</summary>
        public void AddBeforeEnd(DateTimeOffset at, Func<long, DomainEvent> make)
        {
            if (at < End)
            {
                Add(at, make);
            }
        }

        /// <summary>Present strictly after joining and before leaving, so whatever is planned at <paramref name="at"/> comes between.</summary>
        public bool IsPresent(string userId, DateTimeOffset at) =>
            _stays.TryGetValue(userId, out var stays) && stays.Exists(s => s.From < at && at < s.To);

        public bool IsPresentThroughout(string userId, DateTimeOffset from, DateTimeOffset to) =>
            _stays.TryGetValue(userId, out var stays) && stays.Exists(s => s.From < from && to < s.To);

        /// <summary>A whole second at which the person is in the room, or null when they never are.</summary>
        public DateTimeOffset? SomeTimePresent(string userId)
        {
            if (!_stays.TryGetValue(userId, out var stays))
            {
                return null;
            }
            for (var attempt = 0; attempt < 10; attempt++)
            {
                var (from, to) = stays[rng.Next(stays.Count)];
                var at = from.AddSeconds(1 + Math.Floor(((to - from).TotalSeconds - 2) * rng.NextDouble()));
                if (IsPresent(userId, at) && at > Start && at < End)
                {
                    return at;
                }
            }
            return null;
        }

        public IEnumerable<HistoryEvent> Emit()
        {
            var stream = StreamNames.Room(roundtableId);
            var seq = 0L;
            return [.. _planned.OrderBy(p => p.At).ThenBy(p => p.Order).Select(p => new HistoryEvent(stream, p.At, p.Make(++seq)))];
        }
    }
}
