using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Core.Events;
using Roundtable.Core.Feedback;
using Roundtable.Core.Log;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;

namespace Roundtable.Testing.Rooms;

/// <summary>
/// A long ended roundtable written straight into a room's log, for measuring what reads whole logs (the replay): a
/// coach and learners chat, raise hands, ask and upvote questions, vote in polls, and each learner presents in turn
/// with peer feedback; then the coach ends it. Decided by the rooms' own decider, so the log is one the room could
/// have written; appended as one batch (one timestamp), so nothing else of the server (the presence sweep) can append
/// to the room in between.
/// </summary>
public static class LongSession
{
    private static readonly Rubric Rubric = new(
        "long-session-rubric", 1, "program", "Pitch", "How the pitch came across.",
        [
            new RubricCriterion("clarity", "Clarity", "Easy to follow.", ["1", "2", "3", "4", "5"], 1),
            new RubricCriterion("evidence", "Evidence", "Backed by examples.", ["1", "2", "3", "4", "5"], 1),
        ],
        [new RubricPrompt("worked", "What worked?")]);

    /// <summary>
    /// A new roundtable in the demo cohort of <paramref name="server"/>, scheduled by the demo coach and written as an
    /// ended session of about <paramref name="events"/> events by the demo coach and learners. Returns its id.
    /// </summary>
    public static async Task<string> CreateEndedAsync(RoundtableServer server, int events)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var signedIn = await http.PostAsJsonAsync("/api/auth/token", new { email = "coach@roundtable.local", password = "roundtable-demo" });
        signedIn.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await signedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        var cohortId = (await http.GetFromJsonAsync<JsonElement>("/api/home")).GetProperty("cohorts").EnumerateArray()
            .Select(c => c.GetProperty("cohort")).First(c => c.GetProperty("name").GetString() == "Autumn 2026 cohort").GetProperty("id").GetString();
        using var scheduled = await http.PostAsJsonAsync($"/api/cohorts/{cohortId}/roundtables",
            new { title = $"Long session {Guid.NewGuid():N}", scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 });
        scheduled.EnsureSuccessStatusCode();
        var roomId = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var members = (await http.GetFromJsonAsync<JsonElement>($"/api/cohorts/{cohortId}/members")).EnumerateArray()
            .Select(m => (Email: m.GetProperty("email").GetString()!, Id: m.GetProperty("userId").GetString()!, Name: m.GetProperty("displayName").GetString()!))
            .ToList();
        var coach = members.Single(m => m.Email == "coach@roundtable.local");
        var learners = members.Where(m => m.Email is "lena@roundtable.local" or "liam@roundtable.local" or "noor@roundtable.local" or "theo@roundtable.local")
            .Select(m => new Actor(m.Id, m.Name, RoomRole.Learner)).ToList();
        await WriteAsync(server.Services.GetRequiredService<IEventLog>(), roomId, new Actor(coach.Id, coach.Name, RoomRole.Coach), learners, events);
        return roomId;
    }

    /// <param name="coach">the facilitator (user id and name)</param>
    /// <param name="learners">at least two learners</param>
    /// <returns>the number of events written (at least <paramref name="events"/>, a few more to finish a step)</returns>
    public static async Task<long> WriteAsync(IEventLog log, string roomId, Actor coach, IReadOnlyList<Actor> learners, int events)
    {
        var decider = new RoomDecider(new MarkdownRenderer());
        var state = new RoomState(roomId);
        var pending = new List<DomainEvent>();
        var random = new Random(21);
        var stream = StreamNames.Room(roomId);

        async Task Flush()
        {
            var result = await log.AppendAsync(stream, 0, pending);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"The room's log already holds {result.ActualVersion} events.");
            }
        }

        IReadOnlyList<RoomEvent> Run(Actor actor, RoomCommand command)
        {
            var decision = decider.Decide(state, actor, command);
            if (!decision.Accepted)
            {
                throw new InvalidOperationException($"{command.GetType().Name} refused: {decision.Reason}");
            }
            foreach (var e in decision.Events)
            {
                state.Apply(new StoredEvent(stream, state.Version + 1, 0, DateTimeOffset.UtcNow, e));
                pending.Add(e);
            }
            return decision.Events;
        }

        Actor Someone() => random.Next(learners.Count + 1) is var i && i == learners.Count ? coach : learners[i];

        Run(coach, new JoinRoom());
        Run(coach, new StartRoundtable());
        foreach (var learner in learners)
        {
            Run(learner, new JoinRoom());
        }
        var presenter = 0;
        for (var step = 0; state.Version < events - 1; step++)
        {
            if (step % 400 == 399)
            {
                var p = learners[presenter++ % learners.Count];
                var slot = (AgendaItemAdded)(Run(coach, new AddPresentationSlot(p.UserId, p.DisplayName, 5)))[0];
                Run(coach, new AdvanceAgenda());
                var started = (Run(coach, new StartPresentation(slot.ItemId))).OfType<PresentationStarted>().Single();
                Run(coach, new OpenFeedback(started.PresentationId, Rubric, FeedbackAnonymity.AnonymousToPresenter, null));
                foreach (var peer in learners.Where(l => l != p))
                {
                    Run(peer, new SubmitFeedback(started.PresentationId,
                        new Dictionary<string, int> { ["clarity"] = random.Next(1, 6), ["evidence"] = random.Next(1, 6) },
                        new Dictionary<string, string> { ["worked"] = $"The example at minute {random.Next(1, 6)} made it real." }));
                }
                Run(coach, new CloseFeedback(started.PresentationId));
                Run(coach, new EndPresentation());
            }
            else if (step % 150 == 149)
            {
                Run(coach, new OpenPoll($"Poll {step}: which next?", ["Pricing", "Objections", "Follow-ups"], false, false));
                var pollId = state.Version;
                foreach (var learner in learners)
                {
                    Run(learner, new VoteInPoll(pollId, [random.Next(3)]));
                }
                Run(coach, new ClosePoll(pollId));
            }
            else if (step % 50 == 49)
            {
                Run(learners[random.Next(learners.Count)], new AskQuestion($"Question {step}: how would you open a call about **pricing**?", false));
                var questionId = state.Version;
                Run(learners[random.Next(learners.Count)] is var voter && voter.UserId != state.Feature<QuestionsState>().Find(questionId)!.UserId
                    ? voter : coach, new UpvoteQuestion(questionId, true));
            }
            else if (step % 30 == 29)
            {
                var learner = learners[random.Next(learners.Count)];
                if (state.Feature<SpeakingQueueState>().Queue.All(q => q.UserId != learner.UserId))
                {
                    Run(learner, new RaiseHand());
                }
                Run(coach, new GiveFloor(null));
            }
            else
            {
                Run(Someone(), new PostMessage($"Message {step}: what I heard on my last discovery call was that the budget is set in **March**, so we follow up then.", null));
            }
        }
        Run(coach, new EndRoundtable());
        await Flush();
        return state.Version;
    }
}
