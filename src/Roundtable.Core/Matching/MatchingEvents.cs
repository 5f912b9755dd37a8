using Roundtable.Core.Events;

namespace Roundtable.Core.Matching;

/// <summary>Profiles, mentorships, circles and mentor requests: all on the directory stream.</summary>
public abstract record MatchingEvent : DirectoryEvent;

/// <summary>One version of a person's profile, whole: version 1 is the first save, each save the next.</summary>
public sealed record ProfileSaved(Profile Profile, int Version, string GoalsHtml, string SavedBy) : MatchingEvent;

/// <summary>A mentor takes a learner on, from a published matching run or an accepted request.</summary>
public sealed record MentorshipFormed(
    string MentorshipId, string CohortId, string MentorId, string LearnerId, IReadOnlyList<string> Reasons, string FormedBy) : MatchingEvent;

public enum CircleKind
{
    /// <summary>A mentor with several learners who want what the mentor offers.</summary>
    Mentoring,

    /// <summary>Peers who learn from each other, without a mentor.</summary>
    Peer,
}

/// <summary>When a circle meets: every week on <see cref="Day"/> at <see cref="TimeUtc"/>.</summary>
public sealed record CircleCadence(DayOfWeek Day, TimeOnly TimeUtc, int DurationMinutes)
{
    /// <summary>The first meeting that has not ended by <paramref name="now"/>.</summary>
    public DateTimeOffset NextMeeting(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var start = new DateTimeOffset(utc.Date.Add(TimeUtc.ToTimeSpan()), TimeSpan.Zero).AddDays(((int)Day - (int)utc.DayOfWeek + 7) % 7);
        return start.AddMinutes(DurationMinutes) <= utc ? start.AddDays(7) : start;
    }
}

/// <summary>A circle comes into being, with its own room (<see cref="RoomId"/>, scheduled with kind Circle).</summary>
public sealed record CircleFormed(
    string CircleId,
    string CohortId,
    string? MentorId,
    IReadOnlyList<string> MemberIds,
    string Focus,
    CircleKind Kind,
    CircleCadence Cadence,
    string RoomId,
    IReadOnlyList<string> Reasons,
    string FormedBy) : MatchingEvent;

public sealed record MentorRequested(string RequestId, string CohortId, string LearnerId, string MentorId, string Message) : MatchingEvent;

/// <summary>The mentor's answer; an acceptance comes with its <see cref="MentorshipFormed"/>.</summary>
public sealed record MentorRequestAnswered(string RequestId, bool Accepted, string AnsweredBy) : MatchingEvent;
