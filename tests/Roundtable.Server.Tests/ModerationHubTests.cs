using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Events;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

public sealed class ModerationHubTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private async Task<RoomClient> JoinAsync(string email, string roomId) => await RoomClient.JoinAsync(Server, await Server.TokenAsync(email), roomId);

    private static async Task<string> RefusalAsync(Func<Task> call) => (await Assert.ThrowsAsync<HubException>(call)).Message;

    [Fact]
    public async Task HiddenMessageIsEmptyForLearnersLiveInCatchupAndTranscriptButWholeForStaff()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        var posted = await lena.PostAsync("a **secret** remark");
        await coach.Connection.InvokeAsync("HideMessage", roomId, posted.Seq);
        var version = await LogReader.RoomVersionAsync(Server, roomId);
        await lena.WaitForSeqAsync(version);
        await coach.WaitForSeqAsync(version);

        await using var liam = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        var hiddenForLiam = Assert.IsType<MessagePosted>(liam.View.Single(e => e.Seq == posted.Seq).Event);
        Assert.Equal(("", ""), (hiddenForLiam.Markdown, hiddenForLiam.Html));
        Assert.Equal("", Assert.Single(liam.Joined!.Snapshot.RecentMessages).Html);
        Assert.Equal([posted.Seq], liam.Joined.Snapshot.Part<ModerationSnapshot>()!.Moderation!.Hidden);
        Assert.Equal("a **secret** remark", Assert.IsType<MessagePosted>(coach.View.Single(e => e.Seq == posted.Seq).Event).Markdown);
        Assert.Contains(lena.View, e => e.Event is MessageHidden h && h.MessageSeq == posted.Seq);

        using var learnerHttp = await Server.ClientAsAsync(RoundtableFactory.LiamEmail);
        var learnerTranscript = await learnerHttp.GetStringAsync($"/api/roundtables/{roomId}/transcript?format=markdown");
        Assert.DoesNotContain("secret", learnerTranscript);
        using var coachHttp = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var staffTranscript = await coachHttp.GetStringAsync($"/api/roundtables/{roomId}/transcript?format=markdown");
        Assert.Contains("> a **secret** remark", staffTranscript);
        Assert.Contains($"The coach hid message {posted.Seq}", staffTranscript);
    }

    [Fact]
    public async Task MutedLearnerIsRefusedWithAClearMessageAndNothingIsStored()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await coach.Connection.InvokeAsync("MuteParticipant", roomId, lena.Joined!.UserId);
        var before = await LogReader.RoomVersionAsync(Server, roomId);

        Assert.Contains(ModerationFeature.MutedMessage, await RefusalAsync(() => lena.PostAsync("let me speak")));
        Assert.Equal(before, await LogReader.RoomVersionAsync(Server, roomId));
        // The connection keeps working.
        await lena.CatchupAsync(0);
        Assert.Equal(before, lena.LastContiguousSeq);
    }

    [Fact]
    public async Task RemovedLearnerIsToldLeavesTheGroupsAndCannotRejoinOrCatchUpUntilReadmitted()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        var lenaId = lena.Joined!.UserId;

        await coach.Connection.InvokeAsync("RemoveParticipant", roomId, lenaId);
        await lena.WaitForEventAsync(e => e.Event is ParticipantRemoved r && r.UserId == lenaId, "Lena hears she was removed");
        var afterRemoval = await coach.PostAsync("said after the removal");
        await coach.WaitForSeqAsync(afterRemoval.Seq);
        Assert.DoesNotContain(lena.Received, e => e.Seq == afterRemoval.Seq);

        Assert.Contains(ModerationFeature.RemovedMessage, await RefusalAsync(() => lena.JoinAsync(roomId)));
        Assert.Contains(ModerationFeature.RemovedMessage, await RefusalAsync(() => lena.CatchupAsync(0)));
        await RefusalAsync(() => lena.PostAsync("back?"));
        var refusedJoinAt = await LogReader.RoomVersionAsync(Server, roomId);
        await coach.PostAsync("after the refused join");
        Assert.DoesNotContain(lena.Received, e => e.Seq > refusedJoinAt);

        await coach.Connection.InvokeAsync("ReadmitParticipant", roomId, lenaId);
        await lena.JoinAsync(roomId);
        Assert.Contains(lena.Joined!.Snapshot.Participants, p => p.UserId == lenaId);
    }

    [Fact]
    public async Task LockedRoomKeepsANewcomerWaitingAndTellsTheirConnectionWhenAdmitted()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await coach.Connection.InvokeAsync("LockRoom", roomId);
        await using var noor = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.NoorEmail));

        Assert.Contains(ModerationFeature.WaitingMessage, await RefusalAsync(() => noor.JoinAsync(roomId)));
        var asked = await noor.Connection.InvokeAsync<AskToJoinResult>("AskToJoin", roomId);
        Assert.True(asked.Waiting);
        await coach.WaitForEventAsync(e => e.Event is ParticipantWaiting w && w.UserId == asked.UserId, "the coach sees Noor waiting");
        var whileWaiting = await coach.PostAsync("not for Noor's eyes yet");

        await coach.Connection.InvokeAsync("AdmitParticipant", roomId, asked.UserId);
        await noor.WaitForEventAsync(e => e.Event is ParticipantAdmitted a && a.UserId == asked.UserId, "Noor hears she was admitted");
        Assert.DoesNotContain(noor.Received, e => e.Seq == whileWaiting.Seq);
        await noor.JoinAsync(roomId);
        Assert.Contains(noor.Joined!.Snapshot.Participants, p => p.UserId == asked.UserId);
    }

    [Fact]
    public async Task LateJoinerAndReconnectedMemberSeeTheSameModerationStateAsOneWhoNeverLeft()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        var liam = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        var first = await lena.PostAsync("first");
        var second = await coach.PostAsync("second");
        await liam.Connection.InvokeAsync("Leave", roomId);
        await liam.DisposeAsync();

        await coach.Connection.InvokeAsync("PinMessage", roomId, second.Seq);
        await coach.Connection.InvokeAsync("HideMessage", roomId, first.Seq);
        await coach.Connection.InvokeAsync("MuteParticipant", roomId, lena.Joined!.UserId);
        await coach.Connection.InvokeAsync("SetLearnerChat", roomId, false);
        await coach.Connection.InvokeAsync("SetNotesEditing", roomId, false);
        await coach.Connection.InvokeAsync("LockRoom", roomId);
        var version = await LogReader.RoomVersionAsync(Server, roomId);
        await lena.WaitForSeqAsync(version);

        // Liam left before the lock, so he waits and the coach admits him.
        await using var back = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.LiamEmail));
        var asked = await back.Connection.InvokeAsync<AskToJoinResult>("AskToJoin", roomId);
        await coach.Connection.InvokeAsync("AdmitParticipant", roomId, asked.UserId);
        await back.JoinAsync(roomId);
        var latest = await LogReader.RoomVersionAsync(Server, roomId);
        await lena.WaitForSeqAsync(latest);

        // The same events, except that Lena saw the hidden message live before it was hidden, and that her mute is
        // hers: Liam has only its placeholder.
        var muted = lena.View.Single(e => e.Event is ParticipantMuted).Seq;
        Assert.Equal(
            lena.View.Where(e => e.Seq <= latest && e.Seq != first.Seq && e.Seq != muted).Select(e => (e.Seq, e.Event)),
            back.View.Where(e => e.Seq <= latest && e.Seq != first.Seq && e.Seq != muted).Select(e => (e.Seq, e.Event)));
        Assert.Equal("", Assert.IsType<MessagePosted>(back.View.Single(e => e.Seq == first.Seq).Event).Html);
        Assert.Equal("", Assert.IsType<ParticipantMuted>(back.View.Single(e => e.Seq == muted).Event).UserId);
        var snapshot = back.Joined!.Snapshot.Part<ModerationSnapshot>()!.Moderation!;
        Assert.Empty(snapshot.Muted);
        Assert.Equal([first.Seq], snapshot.Hidden);
        Assert.Equal([second.Seq], snapshot.Pinned.Select(m => m.Seq));
        Assert.True(snapshot.Locked && snapshot.LearnerChatLocked && snapshot.NotesLocked);
    }

    [Fact]
    public async Task BadArgumentsGetClearRefusalsAndTheConnectionKeepsWorking()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        var before = await LogReader.RoomVersionAsync(Server, roomId);

        Assert.Contains("user id", await RefusalAsync(() => coach.Connection.InvokeAsync("MuteParticipant", roomId, (string?)null)));
        Assert.Contains("user id", await RefusalAsync(() => coach.Connection.InvokeAsync("RemoveParticipant", roomId, "../../etc")));
        Assert.Contains("not in the roundtable", await RefusalAsync(() => coach.Connection.InvokeAsync("MuteParticipant", roomId, "0123456789abcdef0123456789abcdef")));
        Assert.Contains("1 or more", await RefusalAsync(() => coach.Connection.InvokeAsync("HideMessage", roomId, -3L)));
        Assert.Contains("There is no message 1", await RefusalAsync(() => coach.Connection.InvokeAsync("PinMessage", roomId, 1L)));
        Assert.Contains("no roundtable", await RefusalAsync(() => coach.Connection.InvokeAsync("LockRoom", "nope")));
        Assert.Contains("not waiting", await RefusalAsync(() => coach.Connection.InvokeAsync("AdmitParticipant", roomId, coach.Joined!.UserId)));
        Assert.Contains("themselves", await RefusalAsync(() => coach.Connection.InvokeAsync("RemoveParticipant", roomId, coach.Joined!.UserId)));

        Assert.Equal(before, await LogReader.RoomVersionAsync(Server, roomId));
        var posted = await coach.PostAsync("still here");
        Assert.Equal(before + 1, posted.Seq);
    }

    [Fact]
    public async Task LockHoldsAgainstALearnerAdmittedEarlierWhoLeft()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await coach.InvokeAsync("LockRoom", roomId);
        await using var liam = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.LiamEmail));
        await RefusalAsync(() => liam.JoinAsync(roomId));
        var asked = await liam.InvokeAsync<AskToJoinResult>("AskToJoin", roomId);
        await coach.InvokeAsync("AdmitParticipant", roomId, asked.UserId);
        await liam.JoinAsync(roomId);
        await coach.InvokeAsync("UnlockRoom", roomId);
        await liam.InvokeAsync("Leave", roomId);

        await coach.InvokeAsync("LockRoom", roomId);

        Assert.Contains(ModerationFeature.WaitingMessage, await RefusalAsync(() => liam.JoinAsync(roomId)));
        Assert.True((await liam.InvokeAsync<AskToJoinResult>("AskToJoin", roomId)).Waiting);
        Assert.Equal(2, (await LogReader.RoomEventsAsync(Server, roomId)).Of<ParticipantWaiting>().Count());
    }

    [Fact]
    public async Task MuteAndRemovalNoticesReachStaffAndThePersonConcernedButNoOtherLearner()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await using var liam = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        var lenaId = lena.UserId;
        var lenaName = lena.Joined!.Snapshot.Participants.Single(p => p.UserId == lenaId).DisplayName;
        var noticeSeqs = new List<long>();

        await coach.InvokeAsync("MuteParticipant", roomId, lenaId);
        noticeSeqs.Add(await LogReader.RoomVersionAsync(Server, roomId));
        await coach.InvokeAsync("UnmuteParticipant", roomId, lenaId);
        noticeSeqs.Add(await LogReader.RoomVersionAsync(Server, roomId));
        await coach.InvokeAsync("MuteParticipant", roomId, lenaId);
        noticeSeqs.Add(await LogReader.RoomVersionAsync(Server, roomId));
        var beforeRemoval = await LogReader.RoomVersionAsync(Server, roomId);
        await coach.InvokeAsync("RemoveParticipant", roomId, lenaId);
        noticeSeqs.Add(beforeRemoval + 1);
        await lena.WaitForEventAsync(e => e.Event is ParticipantRemoved r && r.UserId == lenaId, "Lena hears she was removed");
        await coach.InvokeAsync("ReadmitParticipant", roomId, lenaId);
        noticeSeqs.Add(await LogReader.RoomVersionAsync(Server, roomId));
        var last = await coach.PostAsync("after the notices");
        await liam.WaitForSeqAsync(last.Seq);
        await coach.WaitForSeqAsync(last.Seq);

        // Staff see every notice whole.
        Assert.All(noticeSeqs, seq => Assert.Contains(lenaId, EventSerializer.Serialize(coach.View.Single(e => e.Seq == seq).Event)));
        // Lena heard the ones she was connected for, live and as herself.
        foreach (var seq in noticeSeqs.Take(4))
        {
            Assert.Contains(lena.Received, e => e.Seq == seq && EventSerializer.Serialize(e.Event).Contains(lenaId));
        }
        Assert.True(lena.View.Single(e => e.Seq == noticeSeqs[0]).Event is ParticipantMuted { UserId: var mutedId } && mutedId == lenaId);

        // Liam, another learner, got only placeholders: live, in catch-up and in his transcript.
        var liamLog = await liam.ReadLogAsync();
        foreach (var seq in noticeSeqs)
        {
            foreach (var view in new[] { liam.Received.Single(e => e.Seq == seq), liamLog.Single(e => e.Seq == seq) })
            {
                var json = EventSerializer.Serialize(view.Event);
                Assert.DoesNotContain(lenaId, json);
                Assert.DoesNotContain(lenaName, json);
            }
        }
        Assert.DoesNotContain(liam.Received.Select(e => e.Event), e => e is ParticipantMuted or ParticipantUnmuted or ParticipantRemoved or ParticipantReadmitted
            && EventSerializer.Serialize(e).Contains(lenaId));
        using var liamHttp = await Server.ClientAsAsync(RoundtableFactory.LiamEmail);
        var liamTranscript = await liamHttp.GetStringAsync($"/api/roundtables/{roomId}/transcript?format=markdown");
        Assert.DoesNotContain("was muted", liamTranscript);
        Assert.DoesNotContain("was removed", liamTranscript);
        using var coachHttp = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var staffTranscript = await coachHttp.GetStringAsync($"/api/roundtables/{roomId}/transcript?format=markdown");
        Assert.Contains($"{lenaName} was muted", staffTranscript);
        Assert.Contains($"{lenaName} was removed", staffTranscript);

        // Lena, back in, sees her own notices in her catch-up and is not muted in anyone's snapshot but staff's and hers.
        await using var lenaBack = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        Assert.Equal([lenaId], lenaBack.Joined!.Snapshot.Part<ModerationSnapshot>()!.Moderation.Muted);
        Assert.All(noticeSeqs, seq => Assert.Contains(lenaId, EventSerializer.Serialize(lenaBack.View.Single(e => e.Seq == seq).Event)));
        await using var liamBack = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        Assert.Empty(liamBack.Joined!.Snapshot.Part<ModerationSnapshot>()!.Moderation.Muted);
    }

    [Fact]
    public async Task MutedLearnerCannotAskAQuestionButMayUpvote()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await using var liam = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        var question = await liam.InvokeAsync<long>("AskQuestion", roomId, "What comes next?", false);
        await coach.InvokeAsync("MuteParticipant", roomId, lena.UserId);
        var before = await LogReader.RoomVersionAsync(Server, roomId);

        Assert.Contains(ModerationFeature.MutedQuestionMessage, await RefusalAsync(() => lena.InvokeAsync<long>("AskQuestion", roomId, "Can I?", false)));
        Assert.Equal(before, await LogReader.RoomVersionAsync(Server, roomId));
        await lena.InvokeAsync("UpvoteQuestion", roomId, question);
        Assert.Single((await LogReader.RoomEventsAsync(Server, roomId)).Of<QuestionUpvoted>());
    }
}
