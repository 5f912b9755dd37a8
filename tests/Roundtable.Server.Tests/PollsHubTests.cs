using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// Poll results hidden by the coach's choice stay off a learner's connection: live events, catch-up, the join snapshot
/// and the results call all leave the counts and answers out until the learner may see them.
/// </summary>
public sealed class PollsHubTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private async Task<RoomClient> JoinAsync(string email, string roomId) =>
        await RoomClient.JoinAsync(Server, await Server.TokenAsync(email), roomId);

    private static PollView SnapshotPoll(JoinResult joined) => Assert.Single(joined.Snapshot.Part<PollsSnapshot>()!.Polls!);

    [Fact]
    public async Task UnderWhenClosedALearnersConnectionGetsNoCountsUntilTheClose()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await using var liam = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        var pollId = await coach.Connection.InvokeAsync<long>("OpenPoll", roomId,
            new OpenPollRequest("How sure are you?", null, false, false, PollKind.Rating, PollResultsVisibility.WhenClosed));

        var lenaVote = await lena.Connection.InvokeAsync<PollVoteResult>("VoteInPoll", roomId, pollId, new[] { 3 });
        Assert.Null(lenaVote.Results);
        var liamVote = await liam.Connection.InvokeAsync<PollVoteResult>("VoteInPoll", roomId, pollId, new[] { 4 });
        Assert.Null(liamVote.Results);

        var toCoach = (PollVoted)(await coach.WaitForEventAsync(e => e.Event is PollVoted { Counts: [0, 0, 0, 1, 1] }, "the coach's live counts")).Event;
        Assert.Equal(liam.UserId, toCoach.UserId);
        foreach (var learner in new[] { lena, liam })
        {
            await learner.WaitUntilAsync(c => c.Received.Count(e => e.Event is PollVoted) == 2, "both votes reached the learner");
            Assert.All(learner.Received.Select(e => e.Event).OfType<PollVoted>(), v => Assert.Equal((0, 0), (v.Counts.Count, v.Choices.Count)));
            Assert.All((await learner.ReadLogAsync()).Select(e => e.Event).OfType<PollVoted>(), v => Assert.Empty(v.Counts));
            var refused = await Assert.ThrowsAsync<HubException>(() => learner.Connection.InvokeAsync<PollResults>("GetPollResults", roomId, pollId));
            Assert.Contains("when the coach closes it", refused.Message);
        }
        Assert.DoesNotContain(lena.RawPayloads, p => p.Contains("\"counts\":[0", StringComparison.Ordinal));
        await using (var again = await JoinAsync(RoundtableFactory.LenaEmail, roomId))
        {
            var seen = SnapshotPoll(again.Joined!);
            Assert.Equal([3], seen.MyChoices);
            Assert.Equal((0, (PollResults?)null, 2), (seen.Counts.Count, seen.Results, seen.Voters));
        }
        Assert.Equal(4.5, (await coach.Connection.InvokeAsync<PollResults>("GetPollResults", roomId, pollId)).Average);

        await coach.Connection.InvokeAsync("ClosePoll", roomId, pollId);
        var closed = (PollClosed)(await lena.WaitForEventAsync(e => e.Event is PollClosed, "the close reached Lena")).Event;
        Assert.Equal([0, 0, 0, 1, 1], closed.Counts);
        Assert.Equal([0, 0, 0, 1, 1], (await lena.Connection.InvokeAsync<PollResults>("GetPollResults", roomId, pollId)).Counts);
        Assert.Contains((await lena.ReadLogAsync()).Select(e => e.Event).OfType<PollVoted>(), v => v.Counts.SequenceEqual([0, 0, 0, 1, 1]));
    }

    [Fact]
    public async Task UnderAfterVotingALearnersConnectionGetsNoAnswersUntilTheyAnswered()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await using var liam = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        var pollId = await coach.Connection.InvokeAsync<long>("OpenPoll", roomId,
            new OpenPollRequest("What will you try?", null, false, true, PollKind.Text, PollResultsVisibility.AfterVoting));

        var liamAnswer = await liam.Connection.InvokeAsync<PollVoteResult>("AnswerPoll", roomId, pollId, "Shorter   check-ins ");
        Assert.Equal("Shorter check-ins", liamAnswer.Text);
        Assert.Equal(["Shorter check-ins"], liamAnswer.Results!.Answers);

        var toCoach = (PollVoted)(await coach.WaitForEventAsync(e => e.Event is PollVoted, "the answer reached the coach")).Event;
        Assert.Equal(["Shorter check-ins"], toCoach.Results!.Answers);
        Assert.Null(toCoach.UserId);
        var toLena = (PollVoted)(await lena.WaitForEventAsync(e => e.Event is PollVoted, "the answer reached Lena")).Event;
        Assert.Equal(((string?)null, (PollResults?)null), (toLena.Text, toLena.Results));
        Assert.Null(Assert.Single((await lena.ReadLogAsync()).Select(e => e.Event).OfType<PollVoted>()).Text);
        await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync<PollResults>("GetPollResults", roomId, pollId));
        await using (var again = await JoinAsync(RoundtableFactory.LenaEmail, roomId))
        {
            Assert.Null(SnapshotPoll(again.Joined!).Results);
        }
        Assert.DoesNotContain(lena.RawPayloads, p => p.Contains("check-ins", StringComparison.OrdinalIgnoreCase));

        var lenaAnswer = await lena.Connection.InvokeAsync<PollVoteResult>("AnswerPoll", roomId, pollId, "Shorter agendas");
        Assert.Equal(["Shorter check-ins", "Shorter agendas"], lenaAnswer.Results!.Answers);
        Assert.Equal(new WordCount("shorter", 2), lenaAnswer.Results.Words[0]);
        var results = await lena.Connection.InvokeAsync<PollResults>("GetPollResults", roomId, pollId);
        Assert.Equal(2, results.Voters);
        Assert.Equal("Shorter check-ins", (await lena.ReadLogAsync()).Select(e => e.Event).OfType<PollVoted>().First().Text);
        await using (var again = await JoinAsync(RoundtableFactory.LenaEmail, roomId))
        {
            Assert.Equal(("Shorter agendas", 2), (SnapshotPoll(again.Joined!).MyAnswer, SnapshotPoll(again.Joined!).Results!.Answers.Count));
        }
        // Live, the room's participants still hear the votes without their content: the voters' pages ask for results.
        var lenaLive = (PollVoted)(await liam.WaitForEventAsync(e => e.Event is PollVoted && e.Seq > pollId + 1, "Lena's answer reached Liam")).Event;
        Assert.Null(lenaLive.Text);

        await coach.Connection.InvokeAsync("ClosePoll", roomId, pollId);
        var transcript = await (await Server.ClientAsAsync(RoundtableFactory.LiamEmail)).GetStringAsync($"/api/roundtables/{roomId}/transcript");
        Assert.Contains("Poll opened (anonymous, results after voting): What will you try? — open text", transcript);
        Assert.Contains("Poll closed: What will you try? — answers: Shorter check-ins / Shorter agendas — top words: shorter (2), agendas (1), check-ins (1)", transcript);
    }
}
