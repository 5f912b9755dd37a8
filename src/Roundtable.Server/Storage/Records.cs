using Roundtable.Core.Directory;
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
}

public sealed class ProgramRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public sealed class CohortRecord
{
    public string Id { get; set; } = "";
    public string ProgramId { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTime CreatedAt { get; set; }
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
}

/// <summary>A presentation someone gave, so their history can find it; its feedback is read from the room's own fold.</summary>
public sealed class PresentationRecord
{
    /// <summary>"{RoundtableId}:{PresentationId}".</summary>
    public string Id { get; set; } = "";
    public string RoundtableId { get; set; } = "";
    public string PresentationId { get; set; } = "";
    public string PresenterUserId { get; set; } = "";
    public DateTime StartedAt { get; set; }

    public static string KeyOf(string roundtableId, string presentationId) => $"{roundtableId}:{presentationId}";
}

/// <summary>How far this node's projection has read the global log.</summary>
public sealed class CheckpointRecord
{
    public string Id { get; set; } = "";
    public long Position { get; set; }
}
