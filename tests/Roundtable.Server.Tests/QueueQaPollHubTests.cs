using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

public sealed class QueueQaPollHubTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private async Task<RoomClient> JoinAsync(string email, string roomId, long afterSeq = 0) =>
        await RoomClient.JoinAsync(Server, await Server.TokenAsync(email), roomId, afterSeq);

    private static string Json(IEnumerable<RoomEventEnvelope> events) =>
        JsonSerializer.Serialize(events.Select(e => new { e.Seq, e.At, e.Event }).ToList(), Roundtable.Testing.Json.Options);

    [Fact]
    public async Task AnAnonymousQuestionReachesPeersWithoutItsAskerAndTheCoachWithIt()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await using var liam = await JoinAsync(RoundtableFactory.LiamEmail, roomId);

        var id = await lena.Connection.InvokeAsync<long>("AskQuestion", roomId, "Is it **ok**?", true);
        var toLiam = (QuestionAsked)(await liam.WaitForEventAsync(e => e.Seq == id, "the question reached Liam")).Event;
        var toCoach = (QuestionAsked)(await coach.WaitForEventAsync(e => e.Seq == id, "the question reached the coach")).Event;
        Assert.Equal((null, null, "<p>Is it <strong>ok</strong>?</p>"), (toLiam.UserId, toLiam.DisplayName, toLiam.Html));
        Assert.Equal("Lena Learner", toCoach.DisplayName);

        var transcript = await (await Server.ClientAsAsync(RoundtableFactory.LiamEmail)).GetStringAsync($"/api/roundtables/{roomId}/transcript");
        Assert.Contains("asked anonymously: Is it \\*\\*ok\\*\\*?", transcript);
        Assert.DoesNotContain("Lena", transcript.Split("asked anonymously")[0].Split('\n')[^1]);
    }

    [Fact]
    public async Task AnAnonymousPollVoteNamesNobodyToAnyAudience()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        var pollId = await coach.Connection.InvokeAsync<long>("OpenPoll", roomId, new OpenPollRequest("Ready?", ["Yes", "No"], false, true));
        var result = await lena.Connection.InvokeAsync<PollVoteResult>("VoteInPoll", roomId, pollId, new[] { 1 });
        Assert.Equal([1], result.Choices);

        foreach (var client in new[] { coach, lena })
        {
            var vote = (PollVoted)(await client.WaitForEventAsync(e => e.Event is PollVoted, "the vote arrived")).Event;
            Assert.Null(vote.UserId);
            Assert.Equal([0, 1], vote.Counts);
        }
    }

    [Fact]
    public async Task AClientThatReconnectsSeesTheSameQueueQuestionsAndPollsAsOneThatNeverLeft()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var liam = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        var lenaToken = await Server.TokenAsync(RoundtableFactory.LenaEmail);
        var noor = await JoinAsync(RoundtableFactory.NoorEmail, roomId);
        await noor.Connection.InvokeAsync("RaiseHand", roomId);
        var seen = await LogReader.RoomVersionAsync(Server, roomId);
        await noor.WaitForSeqAsync(seen);
        await noor.Connection.StopAsync();
        await coach.WaitUntilAsync(c => c.View.Of<ParticipantLeft>().Any(l => l.DisplayName == "Noor Learner"), "Noor's drop outlasted the grace period");

        await liam.Connection.InvokeAsync("RaiseHand", roomId);
        await using (var lena = await RoomClient.JoinAsync(Server, lenaToken, roomId))
        {
            await lena.Connection.InvokeAsync<long>("AskQuestion", roomId, "Anonymous?", true);
            await lena.Connection.InvokeAsync("RaiseHand", roomId);
            await lena.Connection.InvokeAsync("Leave", roomId);
        }
        var pollId = await coach.Connection.InvokeAsync<long>("OpenPoll", roomId, new OpenPollRequest("Q", ["a", "b"], true, true));
        await liam.Connection.InvokeAsync<PollVoteResult>("VoteInPoll", roomId, pollId, new[] { 0, 1 });
        await coach.Connection.InvokeAsync("GiveFloorToNext", roomId);

        await using var back = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.NoorEmail), roomId, afterSeq: noor.LastContiguousSeq);
        var head = await LogReader.RoomVersionAsync(Server, roomId);
        await liam.WaitForSeqAsync(head);
        await using var late = await JoinAsync(RoundtableFactory.TheoEmail, roomId);
        await late.WaitForSeqAsync(await LogReader.RoomVersionAsync(Server, roomId));

        var noorView = noor.View.Where(e => e.Seq <= noor.LastContiguousSeq).Concat(back.View.Where(e => e.Seq > noor.LastContiguousSeq));
        Assert.Equal(Json(liam.View.Where(e => e.Seq <= head)), Json(noorView.Where(e => e.Seq <= head)));
        Assert.Equal(Json(liam.View.Where(e => e.Seq <= head)), Json(late.View.Where(e => e.Seq <= head)));

        // Lena left after raising her hand, so she is not in the queue; Liam got the floor (Noor had left too).
        var snapshot = late.Joined!.Snapshot;
        Assert.Equal("Liam Learner", snapshot.Part<SpeakingQueueSnapshot>()!.SpeakingQueue!.Speaker?.DisplayName);
        Assert.Empty(snapshot.Part<SpeakingQueueSnapshot>()!.SpeakingQueue.Queue);
        var question = Assert.Single(snapshot.Part<QuestionsSnapshot>()!.Questions!);
        Assert.Null(question.DisplayName);
        Assert.Equal([1, 1], Assert.Single(snapshot.Part<PollsSnapshot>()!.Polls!).Counts);
        await noor.DisposeAsync();
    }

    [Fact]
    public async Task RefusedAndMalformedCommandsStoreNothingAndTheConnectionKeepsWorking()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await lena.Connection.InvokeAsync("RaiseHand", roomId);
        var before = await LogReader.RoomVersionAsync(Server, roomId);

        var refusals = new (RoomClient Client, Func<Task> Call, string Message)[]
        {
            (lena, () => lena.Connection.InvokeAsync("GiveFloorToNext", roomId), "Only a coach"),
            (lena, () => lena.Connection.InvokeAsync("ClearQueue", roomId), "Only a coach"),
            (coach, () => coach.Connection.InvokeAsync("GiveFloor", roomId, "nobody"), "not in the speaking queue"),
            (coach, () => coach.Connection.InvokeAsync("GiveFloor", roomId, (string?)null), "whom"),
            (lena, () => lena.Connection.InvokeAsync<long>("AskQuestion", roomId, new string('x', QuestionLimits.MaxQuestionBytes + 1), false), "limit is 2 KB"),
            (lena, () => lena.Connection.InvokeAsync<long>("AskQuestion", roomId, (string?)null, false), "Malformed question"),
            (lena, () => lena.Connection.InvokeAsync("UpvoteQuestion", roomId, 12345L), "not (or no longer)"),
            (lena, () => lena.Connection.InvokeAsync<long>("OpenPoll", roomId, new OpenPollRequest("Q", ["a", "b"], false, false)), "Only a coach"),
            (coach, () => coach.Connection.InvokeAsync<long>("OpenPoll", roomId, new OpenPollRequest("Q", ["a"], false, false)), "2 to 10"),
            (coach, () => coach.Connection.InvokeAsync<long>("OpenPoll", roomId, (OpenPollRequest?)null), "Malformed poll"),
            (lena, () => lena.Connection.InvokeAsync<PollVoteResult>("VoteInPoll", roomId, 999L, new[] { 0 }), "not in this roundtable"),
            (lena, () => lena.Connection.InvokeAsync<PollVoteResult>("VoteInPoll", roomId, 1L, (int[]?)null), "Malformed vote"),
            (coach, () => coach.Connection.InvokeAsync("ClosePoll", roomId, 999L), "not in this roundtable"),
        };
        foreach (var (_, call, message) in refusals)
        {
            var ex = await Assert.ThrowsAsync<HubException>(call);
            Assert.Contains(message, ex.Message);
        }
        Assert.Equal(before, await LogReader.RoomVersionAsync(Server, roomId));

        var pollId = await coach.Connection.InvokeAsync<long>("OpenPoll", roomId, new OpenPollRequest("Q", ["a", "b"], false, false));
        await coach.Connection.InvokeAsync("ClosePoll", roomId, pollId);
        var closed = await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync<PollVoteResult>("VoteInPoll", roomId, pollId, new[] { 0 }));
        Assert.Contains("closed", closed.Message);
        await coach.Connection.InvokeAsync("GiveFloorToNext", roomId);
    }

    [Fact]
    public async Task LeavingTheRoomLeavesTheSpeakingQueue()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await using var liam = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        await lena.Connection.InvokeAsync("RaiseHand", roomId);
        await liam.Connection.InvokeAsync("RaiseHand", roomId);
        await lena.Connection.InvokeAsync("Leave", roomId);
        await coach.WaitUntilAsync(c => c.View.Of<ParticipantLeft>().Any(), "Lena has left");

        await coach.Connection.InvokeAsync("GiveFloorToNext", roomId);
        var given = await coach.WaitForEventAsync(e => e.Event is FloorGiven, "the floor was given");
        Assert.Equal("Liam Learner", ((FloorGiven)given.Event).DisplayName);
    }
}
