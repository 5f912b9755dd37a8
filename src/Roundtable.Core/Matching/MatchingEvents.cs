using System.Text.Json.Serialization;
using Roundtable.Core.Directory;
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

/// <summary>
/// When a circle meets: every <see cref="EveryWeeks"/> week(s) on <see cref="Day"/> at <see cref="Time"/> on the wall clock
/// of <see cref="TimeZone"/> (an IANA id), so a circle at 15:00 Europe/Berlin stays at 15:00 there when the clocks change.
/// A fortnightly circle meets in the weeks counted from <see cref="StartsOn"/>; no meeting falls before that date.
/// </summary>
/// <param name="Time">Stored as "timeUtc": cadences from before circles had a time zone were all in UTC, the default zone.</param>
public sealed record CircleCadence(
    DayOfWeek Day,
    [property: JsonPropertyName("timeUtc")] TimeOnly Time,
    int DurationMinutes,
    string TimeZone = "UTC",
    int EveryWeeks = 1,
    DateOnly? StartsOn = null)
{
    /// <summary>The first meeting that has not ended by <paramref name="now"/>.</summary>
    public DateTimeOffset NextMeeting(DateTimeOffset now) => MeetingsFrom(now).First();

    /// <summary>The meetings, in order, from the first that has not ended by <paramref name="now"/>.</summary>
    public IEnumerable<DateTimeOffset> MeetingsFrom(DateTimeOffset now)
    {
        var zone = Recurrence.FindZone(TimeZone) ?? TimeZoneInfo.Utc;
        var step = Math.Max(1, EveryWeeks) * 7;
        var today = DateOnly.FromDateTime(Recurrence.ToLocal(now, zone));
        var date = StartsOn ?? today.AddDays(-7);
        date = date.AddDays(((int)Day - (int)date.DayOfWeek + 7) % 7);
        if (date < today.AddDays(-7))
        {
            // Skip whole periods up to the week before today: a meeting that started then may still be under way.
            date = date.AddDays((today.AddDays(-7).DayNumber - date.DayNumber) / step * step);
        }
        for (; ; date = date.AddDays(step))
        {
            var start = Recurrence.ToUtc(date.ToDateTime(Time), zone);
            if (start.AddMinutes(DurationMinutes) > now)
            {
                yield return start;
            }
        }
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

/// <summary>A circle's meetings move to a new cadence (its room's next meeting moves with it, by its own event).</summary>
public sealed record CircleCadenceSet(string CircleId, CircleCadence Cadence, string SetBy) : MatchingEvent;

/// <summary>One meeting of a circle will not happen (<paramref name="Start"/>: when it would have started); the cadence holds.</summary>
public sealed record CircleMeetingSkipped(string CircleId, DateTimeOffset Start, string SkippedBy) : MatchingEvent;

/// <summary>A skipped meeting is back on.</summary>
public sealed record CircleMeetingRestored(string CircleId, DateTimeOffset Start, string RestoredBy) : MatchingEvent;

public sealed record MentorRequested(string RequestId, string CohortId, string LearnerId, string MentorId, string Message) : MatchingEvent;

/// <summary>The mentor's answer; an acceptance comes with its <see cref="MentorshipFormed"/>.</summary>
public sealed record MentorRequestAnswered(string RequestId, bool Accepted, string AnsweredBy) : MatchingEvent;
