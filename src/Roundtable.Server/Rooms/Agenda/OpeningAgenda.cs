using Roundtable.Core.Directory;
using Roundtable.Core.Rooms;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

/// <summary>
/// A cohort's new roundtable opens with the agenda of the cohort's template: on the first join of a session that has
/// never had an agenda item, the template's topics are added in one append (on the server's behalf, so whoever comes
/// first, the agenda is the same).
/// </summary>
internal sealed class OpeningAgenda(RoomCommandRunner runner, CohortAccess access) : IRoomJoinStep
{
    /// <summary>Who the template's items are recorded as added by: the program's set-up, not a person in the room.</summary>
    private static readonly Actor Template = new("program-template", "Program template", RoomRole.Admin);

    public Task BeforeResolveAsync(string? roomId) => Task.CompletedTask;

    public async Task BeforeJoinAsync(RoundtableRecord room)
    {
        if (room.Kind != RoundtableKind.Session || room.Status == RoomStatus.Ended
            || access.Cohort(room.CohortId)?.Template() is not { AgendaItems.Count: > 0 } template)
        {
            return;
        }
        if (await runner.ReadAsync(room.Id, state => state.Feature<AgendaState>().EverHadItems))
        {
            return;
        }
        await runner.ExecuteAsync(room.Id, Template, new OpenAgendaFromTemplate(template.AgendaItems));
    }
}
