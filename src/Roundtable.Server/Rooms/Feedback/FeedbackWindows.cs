using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Feedback;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

/// <summary>Opens feedback windows: with the latest version of one of the room's program's rubrics, closed on time by <see cref="FeedbackDeadlines"/>.</summary>
public sealed class FeedbackWindows(RoomCommandRunner runner, CohortAccess access, RubricCatalog rubrics, FeedbackDeadlines deadlines)
{
    public async Task<CommandOutcome> OpenAsync(
        Actor actor, RoundtableRecord room, string presentationId, string rubricId, FeedbackAnonymity anonymity, int? autoCloseMinutes,
        FeedbackModeration moderation)
    {
        var programId = access.Cohort(room.CohortId)?.ProgramId;
        if (rubrics.Latest(rubricId) is not { } rubric || rubric.ProgramId != programId)
        {
            return RoomRefusals.Refused(Rejection.InvalidArgument, $"This program has no rubric '{RoomRefusals.Echo(rubricId)}'.");
        }
        var outcome = await runner.ExecuteAsync(room.Id, actor, new OpenFeedback(presentationId, rubric, anonymity, autoCloseMinutes, moderation));
        foreach (var stored in outcome.Appended)
        {
            if (stored.Event is FeedbackWindowOpened { AutoCloseSeconds: { } seconds } opened)
            {
                deadlines.Schedule(room.Id, opened.PresentationId, stored.At.AddSeconds(seconds), actor);
            }
        }
        return outcome;
    }
}
