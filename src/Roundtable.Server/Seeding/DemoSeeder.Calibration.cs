using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Dashboard;
using Roundtable.Core.Feedback;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;

namespace Roundtable.Server.Seeding;

public sealed partial class DemoSeeder
{
    /// <summary>
    /// An asynchronous round, three days ago, in which every learner reviews the other three's presentations, so rater
    /// calibration has released ratings to show on first start: Lena scores what the talks deserve, Liam one point
    /// more (lenient), Noor one point less (harsh), and Theo a 3 on everything (middle of the scale). The coaches
    /// have chosen to show presenters the calibrated aggregate beside the raw one.
    /// </summary>
    private async Task SeedCalibrationRoundAsync(
        string cohortId, string coachId, IReadOnlyDictionary<string, string> users, Rubric rubric, DateTimeOffset today, CancellationToken cancellationToken)
    {
        var (lena, liam, noor, theo) = (users["lena@roundtable.local"], users["liam@roundtable.local"], users["noor@roundtable.local"], users["theo@roundtable.local"]);
        // What each talk deserves, criterion by criterion (the rubric's order).
        var talks = new (string Presenter, string Title, string Slides, int[] Deserves)[]
        {
            (lena, "Opening a discovery call", "# Opening a discovery call\n\nStart with their week, not our product.", [4, 3, 4, 3, 4]),
            (liam, "Follow-up questions that dig", "# Follow-up questions\n\nAsk *what happened next?* twice.", [3, 3, 2, 3, 3]),
            (noor, "Listening for the real problem", "# Listening\n\nThe first problem named is rarely the one that costs most.", [3, 4, 3, 2, 3]),
            (theo, "Closing with a next step", "# Closing\n\nEnd every call with one agreed next step.", [2, 3, 3, 3, 2]),
        };
        var raters = new (string UserId, Func<int, int> Score)[] { (lena, s => s), (liam, s => s + 1), (noor, s => s - 1), (theo, _ => 3) };
        var learners = new[] { lena, liam, noor, theo };
        AsyncCaller Learner(string userId) => new(userId, true, false);
        var coach = new AsyncCaller(coachId, false, true);
        var roundId = Ids.New();
        At(today.AddDays(-3));
        try
        {
            var ids = new List<string>();
            foreach (var (presenter, title, slides, _) in talks)
            {
                var id = Ids.New();
                ids.Add(id);
                await DecideAsync(cohortId, (state, _) => state.Submit(Learner(presenter),
                    new AsyncPresentationSubmitted(id, cohortId, presenter, title, slides, [.. SlideDeck.Split(slides).Select(markdown.Render)], [])), cancellationToken);
            }
            await DecideAsync(cohortId, (state, now) => state.Open(coach, cohortId, roundId, rubric, now.AddDays(2), ReviewerChoice.AllPeers, null, 1,
                ids, learners, now), cancellationToken);
            for (var t = 0; t < talks.Length; t++)
            {
                foreach (var (rater, score) in raters.Where(r => r.UserId != talks[t].Presenter))
                {
                    var scores = rubric.Criteria.Select((c, i) => (c.Id, Score: score(talks[t].Deserves[i]))).ToDictionary(x => x.Id, x => x.Score);
                    var answers = new Dictionary<string, string> { [rubric.Prompts[0].Id] = "A clear main point.", [rubric.Prompts[^1].Id] = "One example from a real call would help." };
                    var presentationId = ids[t];
                    await DecideAsync(cohortId, (state, now) => state.GiveFeedback(Learner(rater), presentationId, scores, answers, markdown.Render, now), cancellationToken);
                }
            }
            At(today.AddDays(-2));
            await DecideAsync(cohortId, (state, now) => state.Close(coach, roundId, now), cancellationToken);
        }
        finally
        {
            (time as DemoClock)?.Reset();
        }
        await writer.WriteAsync(() => DirectoryDecision.Accept(new CalibratedAggregateChosen(cohortId, true, coachId)), cancellationToken);
    }

    private async Task DecideAsync(string cohortId, Func<AsyncCohortState, DateTimeOffset, AsyncDecision> decide, CancellationToken cancellationToken)
    {
        if (await asyncPresentations.ExecuteAsync(cohortId, decide, cancellationToken) is { } problem)
        {
            throw new InvalidOperationException($"Demo seed: asynchronous presentations refused: {problem.ProblemDetails.Detail}");
        }
    }
}
