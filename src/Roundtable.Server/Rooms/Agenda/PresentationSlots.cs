using Roundtable.Core.Directory;
using Roundtable.Core.Rooms;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

/// <summary>Adds a presentation slot to a room's agenda for a learner of its cohort, named as the directory names them.</summary>
public sealed class PresentationSlots(RoomCommandRunner runner, CohortAccess access)
{
    public async Task<CommandOutcome> AddAsync(Actor actor, RoundtableRecord room, string presenterUserId, int durationMinutes)
    {
        // Staff first: who is a learner of the cohort is not for others to probe.
        if (!actor.CanFacilitate)
        {
            return RoomRefusals.Refused(Rejection.NotAllowed, "Only a coach or an admin can change the agenda.");
        }
        if (access.RoleIn(room.CohortId, presenterUserId) != CohortRole.Learner || access.User(presenterUserId) is not { } presenter)
        {
            return RoomRefusals.Refused(Rejection.InvalidArgument, "The presenter must be a learner of this roundtable's cohort.");
        }
        return await runner.ExecuteAsync(room.Id, actor, new AddPresentationSlot(presenterUserId, presenter.DisplayName, durationMinutes));
    }
}
