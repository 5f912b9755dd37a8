using System.Text.Json;
using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Storage;

// Read models: projections of the log that the API reads. Never written except by the projector.

public sealed class UserRecord
{
    public string Id { get; set; } = "";
    /// <summary>Normalised (trimmed, lower case); unique.</summary>
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public bool IsAdmin { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Whom they report to at work, if anyone is set.</summary>
    public string? ManagerId { get; set; }
    /// <summary>
    /// Carried by every cookie and token issued to them; a new one (password changed, signed out everywhere) ends
    /// them all. Null (which the claims carry as empty) until first changed.
    /// </summary>
    public string? SecurityStamp { get; set; }
    /// <summary>Sessions signed out one by one that could still be presented, until each would have expired.</summary>
    public List<EndedSession>? EndedSessions { get; set; }
    /// <summary>Invited and not yet set a password: the account cannot be signed in to.</summary>
    public bool Invited { get; set; }
    /// <summary>The IANA time zone they read times in; null until they choose one (the browser's is used then).</summary>
    public string? TimeZone { get; set; }
    /// <summary>The optional kinds of email they have turned off.</summary>
    public List<string>? EmailOptOuts { get; set; }
}

public sealed class EndedSession
{
    public string Id { get; set; } = "";
    public DateTime Until { get; set; }
}

public sealed class ProgramRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>Out of use: left out of lists, takes no new cohorts; its history stays readable.</summary>
    public bool Archived { get; set; }
    /// <summary>The template new cohorts copy, as the log's JSON (see <see cref="TemplateJson"/>); null when never set.</summary>
    public string? TemplateJson { get; set; }

    public ProgramTemplate Template() => StoredTemplate.Read(TemplateJson);
}

public sealed class CohortRecord
{
    public string Id { get; set; } = "";
    public string ProgramId { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>The first and last day the cohort runs (UTC midnight of the calendar day); null while open.</summary>
    public DateTime? StartDate { get; set; }
    public DateTime? EndDate { get; set; }
    /// <summary>The cohort's own copy of its program's template, as the log's JSON; null for cohorts made before templates.</summary>
    public string? TemplateJson { get; set; }

    public ProgramTemplate Template() => StoredTemplate.Read(TemplateJson);
}

/// <summary>Templates are kept as the log's JSON: their Core records are immutable, which LiteDB's mapper cannot build.</summary>
public static class StoredTemplate
{
    public static string Write(ProgramTemplate template) => JsonSerializer.Serialize(template, EventSerializer.Options);

    public static ProgramTemplate Read(string? json) =>
        json is null ? ProgramTemplate.Empty : JsonSerializer.Deserialize<ProgramTemplate>(json, EventSerializer.Options) ?? ProgramTemplate.Empty;
}

public sealed class MembershipRecord
{
    /// <summary>"{CohortId}:{UserId}".</summary>
    public string Id { get; set; } = "";
    public string CohortId { get; set; } = "";
    public string UserId { get; set; } = "";
    public CohortRole Role { get; set; }

    public static string KeyOf(string cohortId, string userId) => $"{cohortId}:{userId}";
}

public sealed class RoundtableRecord
{
    public string Id { get; set; } = "";
    public string CohortId { get; set; } = "";
    public string Title { get; set; } = "";
    public DateTime ScheduledStart { get; set; }
    public int DurationMinutes { get; set; }
    public RoomStatus Status { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public RoundtableKind Kind { get; set; }
    /// <summary>The session of a breakout, or the circle of a circle's room; null for a cohort's session.</summary>
    public string? ParentId { get; set; }
    /// <summary>The recurring series it is an occurrence of; null for a one-off.</summary>
    public string? SeriesId { get; set; }
    /// <summary>The IANA zone it was scheduled in; null for roundtables scheduled in UTC.</summary>
    public string? TimeZone { get; set; }
    /// <summary>The calendar SEQUENCE: 0 when scheduled, one more on each move, retitle or cancellation.</summary>
    public int Sequence { get; set; }
    /// <summary>Cancelled: it cannot be started or joined.</summary>
    public bool Cancelled { get; set; }
}

/// <summary>
/// One saved version of a rubric; every version is kept. Id: "{RubricId}:{Version}". The rubric itself is kept as the
/// JSON the log has (its Core records are immutable, which LiteDB's mapper cannot build).
/// </summary>
public sealed class RubricVersionRecord
{
    public string Id { get; set; } = "";
    public string RubricId { get; set; } = "";
    public int Version { get; set; }
    public string ProgramId { get; set; } = "";
    public string SavedBy { get; set; } = "";
    public DateTime SavedAt { get; set; }
    public string Json { get; set; } = "";

    public static string KeyOf(string rubricId, int version) => $"{rubricId}:{version}";

    public static RubricVersionRecord From(Rubric rubric, string savedBy, DateTime savedAt) => new()
    {
        Id = KeyOf(rubric.RubricId, rubric.Version),
        RubricId = rubric.RubricId,
        Version = rubric.Version,
        ProgramId = rubric.ProgramId,
        SavedBy = savedBy,
        SavedAt = savedAt,
        Json = JsonSerializer.Serialize(rubric, EventSerializer.Options),
    };

    public Rubric ToRubric() =>
        JsonSerializer.Deserialize<Rubric>(Json, EventSerializer.Options) ?? throw new InvalidDataException($"Rubric version {Id} is empty.");
}

/// <summary>How far this node's projection has read the global log.</summary>
public sealed class CheckpointRecord
{
    public string Id { get; set; } = "";
    public long Position { get; set; }
}
