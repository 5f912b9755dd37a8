using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Seeding;

public sealed partial class DemoSeeder
{
    /// <summary>
    /// The orientation's warm-up: an agenda topic with its timer, and a question Liam asks, Lena upvotes and the coach
    /// answers, so the orientation's replay shows the agenda, the timer and Q&amp;A besides the chat, the poll and the
    /// presentation with its feedback.
    /// </summary>
    private static async Task SeedOrientationQuestionsAsync(
        string roomId, Func<string, Actor, RoomCommand, Task<CommandOutcome>> run, Actor coach, Actor lena, Actor liam)
    {
        await run(roomId, coach, new AddAgendaTopic("Warm-up: one call that went well this month"));
        await run(roomId, coach, new AdvanceAgenda());
        await run(roomId, coach, new StartTimer(5, null));
        var asked = await run(roomId, liam, new AskQuestion("How do we pick which calls to bring to a roundtable?", false));
        await run(roomId, lena, new UpvoteQuestion(asked.Seq!.Value, true));
        await run(roomId, coach, new PostMessage("Bring the call you are least sure about: that is where the feedback helps most.", null));
        await run(roomId, coach, new MarkQuestionAnswered(asked.Seq!.Value));
        await run(roomId, coach, new StopTimer());
    }
}
