namespace Roundtable.Core.Rooms;

/// <summary>The two audiences a room's events go out to; each may see a different view of one event.</summary>
public enum RoomAudience
{
    /// <summary>Coaches and admins: they see everything, including hidden content and who asked anonymously.</summary>
    Staff,

    /// <summary>Learners and managers.</summary>
    Participants,
}

/// <summary>Who is looking: an audience, and, when known (snapshots, catch-up), the person.</summary>
public sealed record Viewer(RoomAudience Audience, string? UserId = null)
{
    public bool IsStaff => Audience == RoomAudience.Staff;

    public static RoomAudience AudienceOf(RoomRole role) => role is RoomRole.Coach or RoomRole.Admin ? RoomAudience.Staff : RoomAudience.Participants;

    public static Viewer Of(Actor actor) => new(AudienceOf(actor.Role), actor.UserId);

    public static readonly Viewer Staff = new(RoomAudience.Staff);

    public static readonly Viewer Participants = new(RoomAudience.Participants);
}
