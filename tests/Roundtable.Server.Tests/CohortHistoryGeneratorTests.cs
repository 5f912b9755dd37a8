using Roundtable.Benchmarks;
using Roundtable.Core.Dashboard;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// The history the dashboard benchmark times: a log the rooms could have written (each room stream folds, people act
/// only while present, ids that are seqs point where they should) that gives the dashboard the cohort it is about.
/// </summary>
public sealed class CohortHistoryGeneratorTests
{
    private static readonly DateTimeOffset FirstSession = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);
    private static readonly CohortHistory History = CohortHistoryGenerator.Generate(7, FirstSession, "placeholder-hash");
    private static readonly IReadOnlyList<StoredEvent> Log = History.ToStored();

    /// <summary>Who acts in the room by this event, where the room wants them present.</summary>
    private static string? Actor(DomainEvent e) => e switch
    {
        MessagePosted m => m.UserId,
        HandRaised h => h.UserId,
        QuestionAsked q => q.UserId,
        QuestionUpvoted u => u.UserId,
        PollVoted v => v.UserId,
        FeedbackSubmitted { Kind: FeedbackKind.Peer } f => f.UserId,
        _ => null,
    };

    [Fact]
    public void EveryRoomStreamFoldsThroughTheRoomStateInOrder()
    {
        var rooms = Log.Where(e => StreamNames.IsRoom(e.Stream)).GroupBy(e => e.Stream).ToList();
        Assert.Equal(20, rooms.Count);
        foreach (var room in rooms)
        {
            var state = new RoomState(StreamNames.RoomIdOf(room.Key));
            var attended = new HashSet<string>(StringComparer.Ordinal);
            foreach (var stored in room)
            {
                if (Actor(stored.Event) is { } actor)
                {
                    Assert.True(state.IsPresent(actor), $"{stored.Event.TypeName} at seq {stored.Seq} of {room.Key} by someone not in the room");
                    Assert.Equal(RoomStatus.Live, state.Status);
                }
                switch (stored.Event)
                {
                    case ParticipantJoined joined:
                        attended.Add(joined.UserId);
                        break;
                    case PollVoted vote:
                        Assert.False(state.Feature<PollsState>().Find(vote.PollId)!.Closed);
                        break;
                    case FeedbackSubmitted { SubmissionId: { } first } revision:
                        Assert.Equal(first, state.Feature<FeedbackState>().Find(revision.PresentationId)!.FindByUser(revision.UserId!)!.Id);
                        break;
                    case FeedbackSubmitted submitted:
                        Assert.False(state.Feature<FeedbackState>().Find(submitted.PresentationId)!.Closed);
                        break;
                    case FeedbackRated rated:
                        Assert.NotNull(state.Feature<FeedbackState>().Find(rated.PresentationId)!.Find(rated.SubmissionId));
                        break;
                    case SessionRated rating:
                        Assert.Equal(RoomStatus.Ended, state.Status);
                        Assert.Contains(rating.UserId, attended);
                        break;
                }
                state.Apply(stored);
            }
            Assert.Equal(RoomStatus.Ended, state.Status);
            Assert.InRange(state.Feature<StageState>().Presentations.Count(), 2, 3);
            Assert.All(state.Feature<FeedbackState>().Windows, w => Assert.True(w.Released && w.PeerTally.Submissions > 0));
            Assert.InRange(state.Messages.Count, 100, 300);
            Assert.Single(state.Feature<PollsState>().Polls, p => p.Closed && p.Votes.Count > 0);
        }
    }

    [Fact]
    public void TheDashboardSeesFiftyLearnersEveryOneOfThemAtSomeOfTheTwentySessions()
    {
        var activity = new ProgramActivity();
        foreach (var stored in Log)
        {
            activity.Apply(stored);
        }
        var now = FirstSession.AddDays(7 * 20);

        var cohort = activity.Cohort(History.CohortId, now)!;
        Assert.Equal(20, cohort.SessionsHeld);
        Assert.Equal(50, cohort.Learners.Count);
        Assert.All(cohort.Learners, l =>
        {
            Assert.InRange(l.SessionsJoined, 1, 20);
            Assert.True(l.TimePresent > TimeSpan.Zero);
        });
        Assert.InRange(cohort.Learners.Average(l => l.SessionsJoined / 20.0), 0.8, 0.95);
        Assert.InRange(cohort.Learners.Sum(l => l.PresentationsGiven), 40, 60);

        var program = activity.Program(History.ProgramId, now)!;
        Assert.Equal(20, program.Sessions.Count);
        Assert.Equal(5, program.WeakestCriteria.Count);

        Assert.All(History.RoundtableIds, id =>
        {
            var summary = activity.Roundtable(id, now)!;
            Assert.Equal(RoomStatus.Ended, summary.Status);
            Assert.All(summary.Presentations, p => Assert.True(p.Released && p.PeerAggregate!.Submissions > 0));
            Assert.NotEmpty(summary.Ratings);
        });
    }

    [Fact]
    public void TheSameSeedGivesTheSameHistoryInTheOrderOfItsTimes()
    {
        static IEnumerable<string> Lines(CohortHistory h) => h.Events.Select(e => $"{e.Stream} {e.At:O} {EventSerializer.Serialize(e.Event)}");

        Assert.Equal(Lines(History), Lines(CohortHistoryGenerator.Generate(7, FirstSession, "placeholder-hash")));
        Assert.NotEqual(Lines(History), Lines(CohortHistoryGenerator.Generate(8, FirstSession, "placeholder-hash")));
        Assert.All(History.Events.Zip(History.Events.Skip(1)), pair => Assert.True(pair.First.At <= pair.Second.At));
    }
}
