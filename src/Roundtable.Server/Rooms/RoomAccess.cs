using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Rooms;

/// <summary>Why someone may not see or act in a room now.</summary>
public enum RoomBar
{
    /// <summary>No such roundtable, or none this person may know of (HTTP: 404).</summary>
    NoRoom,

    /// <summary>Not in the room's cohort (or, for a circle's room, not in the circle) (HTTP: 404).</summary>
    NotMember,

    /// <inheritdoc cref="EntryBar.Removed"/>
    Removed,

    /// <inheritdoc cref="EntryBar.OtherGroup"/>
    OtherGroup,

    /// <inheritdoc cref="EntryBar.MustWait"/>
    MustWait,

    /// <summary>The roundtable was cancelled: nobody starts or joins it (HTTP: 403).</summary>
    Cancelled,
}

/// <summary>The answer: as whom the person is in the room, or why not (a sentence they can act on).</summary>
public sealed record RoomAdmission(RoundtableRecord? Roundtable, Actor? Actor, RoomBar? Bar, string? Reason)
{
    public bool Allowed => Bar is null;

    /// <summary>Refusals that say nothing about the room: to HTTP callers, the room does not exist.</summary>
    public bool Hidden => Bar is RoomBar.NoRoom or RoomBar.NotMember;

    /// <summary>The refusal over HTTP: 404 when the room is not theirs to know of, else 403 with the reason.</summary>
    public ProblemHttpResult ToProblem(string roundtableId) => Hidden
        ? Problems.NotFound("roundtable", roundtableId)
        : TypedResults.Problem(Reason, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static RoomAdmission Refused(RoomBar bar, string reason, RoundtableRecord? roundtable = null, Actor? actor = null) =>
        new(roundtable, actor, bar, reason);
}

/// <summary>
/// The one decision "may this person see / act in this room now?". First the directory: the room exists, the person is
/// in its cohort (or an admin; for a circle's room, in the circle) and with which role (<see cref="CohortAccess"/>).
/// Then the room itself (<see cref="RoomEntry"/>): removed, another breakout group's, or waiting at a locked door.
/// Join, catch-up, the transcript, notes and summary ask <see cref="DecideAsync"/>; hub commands resolve the caller
/// with <see cref="ByDirectory"/> and leave the room's part to <see cref="RoomDecider"/>, which applies the same
/// <see cref="RoomEntry"/> under the room's gate, atomically with the command.
/// </summary>
public sealed class RoomAccess(CohortAccess access, RoomCommandRunner runner)
{
    /// <summary>The directory's part alone: who the person is in the room, without reading the room.</summary>
    public RoomAdmission ByDirectory(string userId, string? roomId)
    {
        if (roomId is null)
        {
            return RoomAdmission.Refused(RoomBar.NoRoom, "Say which roundtable: give its roomId.");
        }
        var roundtable = Ids.IsWellFormed(roomId) ? access.Roundtable(roomId) : null;
        if (roundtable is null)
        {
            return RoomAdmission.Refused(RoomBar.NoRoom, $"There is no roundtable '{Truncate(roomId)}'.");
        }
        if (access.User(userId) is not { } user)
        {
            return RoomAdmission.Refused(RoomBar.NotMember, "Your account no longer exists.", roundtable);
        }
        if (access.RoomRoleFor(roundtable, user) is not { } role)
        {
            return RoomAdmission.Refused(RoomBar.NotMember, CohortAccess.RoomRefusal(roundtable), roundtable);
        }
        var actor = new Actor(userId, user.DisplayName, role);
        return roundtable.Cancelled
            ? RoomAdmission.Refused(RoomBar.Cancelled, $"“{roundtable.Title}” was cancelled: it cannot be started or joined.", roundtable, actor)
            : new RoomAdmission(roundtable, actor, null, null);
    }

    /// <summary>The whole decision, against the room as it stands now.</summary>
    public async Task<RoomAdmission> DecideAsync(string userId, string? roomId, CancellationToken cancellationToken = default)
    {
        var byDirectory = ByDirectory(userId, roomId);
        if (!byDirectory.Allowed)
        {
            return byDirectory;
        }
        return await runner.ReadAsync(byDirectory.Roundtable!.Id, state => InRoom(byDirectory, state), cancellationToken);
    }

    /// <summary>The room's part, for a caller already reading the room's state.</summary>
    public static RoomAdmission InRoom(RoomAdmission byDirectory, RoomState state) =>
        byDirectory.Allowed && RoomEntry.Check(state, byDirectory.Actor!) is { } refusal
            ? RoomAdmission.Refused(Bar(refusal.Bar), refusal.Reason, byDirectory.Roundtable, byDirectory.Actor)
            : byDirectory;

    private static RoomBar Bar(EntryBar bar) => bar switch
    {
        EntryBar.Removed => RoomBar.Removed,
        EntryBar.OtherGroup => RoomBar.OtherGroup,
        _ => RoomBar.MustWait,
    };

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
