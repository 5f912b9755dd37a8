using System.Text.Json;
using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Core.Matching;

namespace Roundtable.Server.Storage;

// Read models of matching: profiles, mentorships, circles and mentor requests. Written only by the projector.

/// <summary>A person's latest profile. Id: the user id. The profile is kept as the JSON the log has.</summary>
public sealed class ProfileRecord
{
    public string Id { get; set; } = "";
    public int Version { get; set; }
    public string Json { get; set; } = "";
    public string GoalsHtml { get; set; } = "";
    public DateTime SavedAt { get; set; }

    public Profile ToProfile() =>
        JsonSerializer.Deserialize<Profile>(Json, EventSerializer.Options) ?? throw new InvalidDataException($"Profile {Id} is empty.");
}

public sealed class MentorshipRecord
{
    public string Id { get; set; } = "";
    public string CohortId { get; set; } = "";
    public string MentorId { get; set; } = "";
    public string LearnerId { get; set; } = "";
    public List<string> Reasons { get; set; } = [];
    public DateTime FormedAt { get; set; }
}

public sealed class CircleRecord
{
    public string Id { get; set; } = "";
    public string CohortId { get; set; } = "";
    public string? MentorId { get; set; }
    public List<string> MemberIds { get; set; } = [];
    public string Focus { get; set; } = "";
    public CircleKind Kind { get; set; }
    public DayOfWeek Day { get; set; }
    /// <summary>Minutes after midnight on the circle's wall clock (kept under its first name: it was UTC before zones).</summary>
    [LiteDB.BsonField("MinuteOfDayUtc")]
    public int MinuteOfDay { get; set; }
    public int DurationMinutes { get; set; }
    /// <summary>The IANA zone of the meetings; null for circles formed before they had one (UTC).</summary>
    public string? TimeZone { get; set; }
    /// <summary>1 (weekly) or 2 (fortnightly); 0 for circles formed before a cadence could be fortnightly (weekly).</summary>
    public int EveryWeeks { get; set; }
    public DateTime? StartsOn { get; set; }
    /// <summary>Meetings called off one at a time (their UTC starts); a new cadence clears them.</summary>
    public List<DateTime> SkippedStarts { get; set; } = [];
    public string RoomId { get; set; } = "";
    public List<string> Reasons { get; set; } = [];
    public DateTime FormedAt { get; set; }

    public CircleCadence ToCadence() => new(
        Day, TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(MinuteOfDay)), DurationMinutes, TimeZone ?? "UTC", Math.Max(1, EveryWeeks),
        StartsOn is { } starts ? DateOnly.FromDateTime(starts) : null);

    /// <summary>The meetings from the first that has not ended by <paramref name="now"/>, with whether each is skipped.</summary>
    public IEnumerable<(DateTimeOffset Start, bool Skipped)> Meetings(DateTimeOffset now) =>
        ToCadence().MeetingsFrom(now).Select(m => (m, SkippedStarts.Contains(m.UtcDateTime)));

    /// <summary>The next meeting that will happen: not skipped (as now, or as <paramref name="skipped"/> would have it).</summary>
    public DateTimeOffset NextMeeting(DateTimeOffset now, IReadOnlySet<DateTime>? skipped = null)
    {
        foreach (var start in ToCadence().MeetingsFrom(now).Take(Recurrence.MaxOccurrences))
        {
            if (!(skipped?.Contains(start.UtcDateTime) ?? SkippedStarts.Contains(start.UtcDateTime)))
            {
                return start;
            }
        }
        return ToCadence().NextMeeting(now);
    }

    public void SetCadence(CircleCadence cadence)
    {
        SkippedStarts = [];
        Day = cadence.Day;
        MinuteOfDay = (int)cadence.Time.ToTimeSpan().TotalMinutes;
        DurationMinutes = cadence.DurationMinutes;
        TimeZone = cadence.TimeZone;
        EveryWeeks = cadence.EveryWeeks;
        StartsOn = cadence.StartsOn?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    }
}

public enum MentorRequestStatus
{
    Pending,
    Accepted,
    Declined,
}

public sealed class MentorRequestRecord
{
    public string Id { get; set; } = "";
    public string CohortId { get; set; } = "";
    public string LearnerId { get; set; } = "";
    public string MentorId { get; set; } = "";
    public string? Message { get; set; }
    public MentorRequestStatus Status { get; set; }
    public DateTime RequestedAt { get; set; }
    public DateTime? AnsweredAt { get; set; }
}
