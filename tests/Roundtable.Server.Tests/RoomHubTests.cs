using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Directory;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

public sealed class RoomHubTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private async Task<(string RoomId, RoomClient Coach)> StartedRoomAsync()
    {
        var roomId = await Server.NewRoundtableAsync();
        var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        await coach.Connection.InvokeAsync("StartRoundtable", roomId);
        return (roomId, coach);
    }

    private static void AssertSameEvents(IReadOnlyList<RoomEventEnvelope> expected, IReadOnlyList<RoomEventEnvelope> actual)
    {
        Assert.Equal(expected.Select(e => (e.Seq, e.At, e.Event)), actual.Select(e => (e.Seq, e.At, e.Event)));
    }

    private static void AssertGapFree(IReadOnlyList<RoomEventEnvelope> events) =>
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));

    [Fact]
    public async Task TwoMembersExchangeMessagesAndSeeThemInTheSameSeqOrder()
    {
        var (roomId, coach) = await StartedRoomAsync();
        await using var _ = coach;
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);

        var first = await lena.PostAsync("hello from **Lena**");
        var second = await coach.PostAsync("welcome, Lena");
        var third = await lena.PostAsync("thanks");
        Assert.True(first.Seq < second.Seq && second.Seq < third.Seq);

        await coach.WaitForSeqAsync(third.Seq);
        await lena.WaitForSeqAsync(third.Seq);

        var log = await LogReader.RoomEventsAsync(Server, roomId);
        AssertSameEvents(log, coach.View);
        AssertSameEvents(log, lena.View);
        Assert.Equal(["hello from **Lena**", "welcome, Lena", "thanks"], lena.View.Of<MessagePosted>().Select(m => m.Markdown));
        var fromLena = Assert.IsType<MessagePosted>(log.Single(e => e.Seq == first.Seq).Event);
        Assert.Equal("<p>hello from <strong>Lena</strong></p>", fromLena.Html);
        Assert.Equal("Lena Learner", fromLena.DisplayName);
    }

    [Fact]
    public async Task JoinReturnsASnapshotWithRoleAndParticipants()
    {
        var (roomId, coach) = await StartedRoomAsync();
        await using var _ = coach;
        await coach.PostAsync("before Lena came");
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);

        var joined = lena.Joined!;
        Assert.Equal(RoomRole.Learner, joined.Role);
        Assert.Equal("Test roundtable", joined.Title);
        Assert.Equal(RoomStatus.Live, joined.Snapshot.Status);
        Assert.Equal(await LogReader.RoomVersionAsync(Server, roomId), joined.Snapshot.Seq);
        Assert.Equal(["Cora Coach", "Lena Learner"], joined.Snapshot.Participants.Select(p => p.DisplayName));
        Assert.Equal(["before Lena came"], joined.Snapshot.RecentMessages.Select(m => m.Markdown));
    }

    [Fact]
    public async Task TwentyClientsSendingAtOnceAllReceiveTheIdenticalGapFreeSequence()
    {
        const int messagesPerClient = 10;
        var (cohortId, _) = await Server.SeededCohortAsync();
        var (roomId, coach) = await StartedRoomAsync();
        await using var _ = coach;

        string[] demo = [RoundtableFactory.AdminEmail, RoundtableFactory.ManagerEmail, RoundtableFactory.LenaEmail,
            RoundtableFactory.LiamEmail, RoundtableFactory.NoorEmail, RoundtableFactory.TheoEmail];
        var extra = new List<string>();
        for (var i = 0; i < 13; i++)
        {
            var email = $"crowd{i}-{Guid.NewGuid():N}@example.com";
            await Server.NewUserAsync(email, cohortId, i % 4 == 0 ? CohortRole.Manager : CohortRole.Learner);
            extra.Add(email);
        }
        var tokens = await Task.WhenAll(demo.Concat(extra).Select(e => Server.TokenAsync(e)));
        var others = await Task.WhenAll(tokens.Select(t => RoomClient.JoinAsync(Server, t, roomId)));
        RoomClient[] clients = [coach, .. others];
        try
        {
            Assert.Equal(20, clients.Length);
            var sent = new ConcurrentBag<(string Text, long Seq)>();
            await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
            {
                for (var m = 0; m < messagesPerClient; m++)
                {
                    var text = $"client {c} message {m}";
                    sent.Add((text, (await client.PostAsync(text)).Seq));
                }
            })));

            var head = await LogReader.RoomVersionAsync(Server, roomId);
            await Task.WhenAll(clients.Select(c => c.WaitForSeqAsync(head)));

            var log = await LogReader.RoomEventsAsync(Server, roomId);
            AssertGapFree(log);
            var logged = log.Where(e => e.Event is MessagePosted).Select(e => (((MessagePosted)e.Event).Markdown, e.Seq)).OrderBy(x => x.Seq).ToList();
            Assert.Equal(sent.OrderBy(x => x.Seq).Select(x => (x.Text, x.Seq)), logged);
            Assert.Equal(20 * messagesPerClient, logged.Select(x => x.Markdown).Distinct().Count());

            foreach (var client in clients)
            {
                AssertSameEvents(log, client.View);
                var live = client.Received.Select(e => e.Seq).ToList();
                Assert.Equal(live.Distinct().Count(), live.Count);
                Assert.Equal(live.Order(), live);
                // Everything after the client's join snapshot came live, none missing.
                var fromSnapshot = Enumerable.Range((int)client.Joined!.Snapshot.Seq + 1, (int)(head - client.Joined.Snapshot.Seq)).Select(i => (long)i);
                Assert.Equal(fromSnapshot, live.Where(s => s > client.Joined.Snapshot.Seq));
            }
        }
        finally
        {
            await Task.WhenAll(others.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task AClientThatReconnectsAndCatchesUpEndsWithTheSameEventsAsOneThatNeverLeft()
    {
        var (roomId, coach) = await StartedRoomAsync();
        await using var _ = coach;
        var lenaToken = await Server.TokenAsync(RoundtableFactory.LenaEmail);
        var lena = await RoomClient.JoinAsync(Server, lenaToken, roomId);
        await lena.PostAsync("before the drop");
        var beforeDrop = await coach.PostAsync("reply before the drop");
        await lena.WaitForSeqAsync(beforeDrop.Seq);

        await lena.Connection.StopAsync();
        var lastSeen = lena.LastContiguousSeq;
        var seenBefore = lena.View;
        for (var i = 0; i < 5; i++)
        {
            await coach.PostAsync($"while Lena was away {i}");
        }

        await using var back = await RoomClient.JoinAsync(Server, lenaToken, roomId, afterSeq: lastSeen);
        var after = await coach.PostAsync("welcome back");
        await back.PostAsync("glad to be back");
        var head = await LogReader.RoomVersionAsync(Server, roomId);
        await coach.WaitForSeqAsync(head);
        await back.WaitUntilAsync(c => c.View.Count > 0 && c.View[^1].Seq >= head, $"seq {head} has arrived");

        // Lena's whole view: what she saw before the drop, plus what the new connection caught up and received.
        var lenaView = seenBefore.Concat(back.View.Where(e => e.Seq > lastSeen)).ToList();
        var log = await LogReader.RoomEventsAsync(Server, roomId);
        AssertGapFree(lenaView);
        AssertSameEvents(log, lenaView);
        AssertSameEvents(log, coach.View);
        Assert.Contains(after.Seq, back.Received.Select(e => e.Seq));
        Assert.Equal(5, lenaView.Of<MessagePosted>().Count(m => m.Markdown.StartsWith("while Lena was away")));
        await lena.DisposeAsync();
    }

    [Fact]
    public async Task ANonMemberIsRefusedJoinWithAClearMessage()
    {
        var roomId = await Server.NewRoundtableAsync();
        var email = $"outsider-{Guid.NewGuid():N}@example.com";
        await Server.NewUserAsync(email);
        await using var outsider = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(email));

        var ex = await Assert.ThrowsAsync<HubException>(() => outsider.JoinAsync(roomId));
        Assert.Contains("You are not a member of this roundtable's cohort.", ex.Message);
        var catchup = await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync<CatchupResult>("Catchup", roomId, 0L));
        Assert.Contains("not a member", catchup.Message);
        Assert.DoesNotContain(await LogReader.RoomEventsAsync(Server, roomId), e => e.Event is ParticipantJoined);
    }

    [Fact]
    public async Task AnUnauthenticatedConnectionIsRefused()
    {
        var connection = RoomClient.Build(Server, token: null);
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task AConnectionWithATamperedTokenIsRefused()
    {
        var token = await Server.TokenAsync(RoundtableFactory.LenaEmail);
        var tampered = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");
        var connection = RoomClient.Build(Server, tampered);
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        await connection.DisposeAsync();
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("../../etc/passwd")]
    [InlineData("")]
    public async Task AnUnknownRoomIsRefused(string roomId)
    {
        await using var lena = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail));
        var ex = await Assert.ThrowsAsync<HubException>(() => lena.JoinAsync(roomId));
        Assert.Contains("There is no roundtable", ex.Message);
    }

    [Fact]
    public async Task PostingWithoutJoiningIsRefused()
    {
        var (roomId, coach) = await StartedRoomAsync();
        await using var _ = coach;
        await using var lena = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail));
        var ex = await Assert.ThrowsAsync<HubException>(() =>
            lena.Connection.InvokeAsync<PostMessageResult>("PostMessage", new PostMessageRequest(roomId, "sneaky", null)));
        Assert.Contains("Join the roundtable before sending messages.", ex.Message);
        Assert.Empty((await LogReader.RoomEventsAsync(Server, roomId)).Of<MessagePosted>());
    }

    [Fact]
    public async Task ANineKilobyteMessageIsRefusedClearlyAndTheConnectionStillWorks()
    {
        var (roomId, coach) = await StartedRoomAsync();
        await using var _ = coach;
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);

        var ex = await Assert.ThrowsAsync<HubException>(() => lena.PostAsync(new string('x', 9 * 1024)));
        Assert.Contains("the limit is 8 KB", ex.Message);
        Assert.Contains("Nothing was sent", ex.Message);
        Assert.Equal(HubConnectionState.Connected, lena.Connection.State);

        var ok = await lena.PostAsync("a normal message");
        await coach.WaitForSeqAsync(ok.Seq);
        Assert.Equal(["a normal message"], (await LogReader.RoomEventsAsync(Server, roomId)).Of<MessagePosted>().Select(m => m.Markdown));
    }

    [Fact]
    public async Task AMalformedArgumentFailsCleanlyAndTheConnectionStillWorks()
    {
        var (roomId, coach) = await StartedRoomAsync();
        await using var _ = coach;
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        var before = await LogReader.RoomVersionAsync(Server, roomId);

        await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync("PostMessage", 42));
        await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync("PostMessage", "just a string", "extra"));
        var missing = await Assert.ThrowsAsync<HubException>(() =>
            lena.Connection.InvokeAsync<PostMessageResult>("PostMessage", new PostMessageRequest(roomId, null, null)));
        Assert.Contains("Malformed message", missing.Message);
        var oldProtocol = await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync<JoinResult>("Join", new JoinRequest(roomId, 0)));
        Assert.Contains("Reload the page", oldProtocol.Message);
        await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync<CatchupResult>("Catchup", roomId, -1L));
        Assert.Equal(before, await LogReader.RoomVersionAsync(Server, roomId));

        Assert.Equal(HubConnectionState.Connected, lena.Connection.State);
        var ok = await lena.PostAsync("still here");
        await coach.WaitForSeqAsync(ok.Seq);
    }

    [Theory]
    [InlineData(RoundtableFactory.LenaEmail)]
    [InlineData(RoundtableFactory.ManagerEmail)]
    public async Task OnlyAFacilitatorCanEndTheRoundtable(string email)
    {
        var (roomId, coach) = await StartedRoomAsync();
        await using var _ = coach;
        await using var someone = await RoomClient.JoinAsync(Server, await Server.TokenAsync(email), roomId);

        var ex = await Assert.ThrowsAsync<HubException>(() => someone.Connection.InvokeAsync("EndRoundtable", roomId));
        Assert.Contains("Only a coach or an admin can end the roundtable.", ex.Message);
        Assert.DoesNotContain(await LogReader.RoomEventsAsync(Server, roomId), e => e.Event is RoundtableEnded);
        using var http = await Server.ClientAsAsync(email);
        var roundtable = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<Cohorts.RoundtableDto>(http, $"/api/roundtables/{roomId}", Json.Options);
        Assert.Equal(RoomStatus.Live, roundtable!.Status);
    }

    [Fact]
    public async Task PostingInAnEndedRoomIsRefused()
    {
        var (roomId, coach) = await StartedRoomAsync();
        await using var _ = coach;
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await lena.PostAsync("last words");

        await coach.Connection.InvokeAsync("EndRoundtable", roomId);
        var ended = await lena.WaitForEventAsync(e => e.Event is RoundtableEnded, "the end arrives");

        var ex = await Assert.ThrowsAsync<HubException>(() => lena.PostAsync("too late"));
        Assert.Contains("This roundtable has ended", ex.Message);
        var coachEx = await Assert.ThrowsAsync<HubException>(() => coach.PostAsync("too late as well"));
        Assert.Contains("This roundtable has ended", coachEx.Message);
        var log = await LogReader.RoomEventsAsync(Server, roomId);
        Assert.Equal(ended.Seq, log[^1].Seq);
        Assert.Equal(["last words"], log.Of<MessagePosted>().Select(m => m.Markdown));
    }

    [Fact]
    public async Task ARetryWithTheSameClientMessageIdStoresOneMessage()
    {
        var (roomId, coach) = await StartedRoomAsync();
        await using var _ = coach;
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);

        var first = await lena.PostAsync("only once", "msg-1");
        var retry = await lena.PostAsync("only once", "msg-1");
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => lena.PostAsync("only once", "msg-1")));
        var other = await lena.PostAsync("another", "msg-2");

        Assert.Equal(first.Seq, retry.Seq);
        Assert.All(concurrent, r => Assert.Equal(first.Seq, r.Seq));
        Assert.Equal(first.Seq + 1, other.Seq);
        var messages = (await LogReader.RoomEventsAsync(Server, roomId)).Of<MessagePosted>().ToList();
        Assert.Equal(["only once", "another"], messages.Select(m => m.Markdown));
    }

    [Fact]
    public async Task LeavingOnPurposeRecordsALeaveAtOnce()
    {
        var (roomId, coach) = await StartedRoomAsync();
        await using var _ = coach;
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);

        await lena.Connection.InvokeAsync("Leave", roomId);

        var left = await coach.WaitForEventAsync(e => e.Event is ParticipantLeft { DisplayName: "Lena Learner" }, "Lena's leave arrives");
        Assert.Equal(LeaveReason.Left, ((ParticipantLeft)left.Event).Reason);
        var ex = await Assert.ThrowsAsync<HubException>(() => lena.PostAsync("after leaving"));
        Assert.Contains("Join the roundtable", ex.Message);
    }

    [Fact]
    public async Task AMemberRemovedFromTheCohortCanNoLongerPost()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var (roomId, coach) = await StartedRoomAsync();
        await using var _ = coach;
        var email = $"leaver-{Guid.NewGuid():N}@example.com";
        var userId = await Server.NewUserAsync(email, cohortId);
        await using var member = await RoomClient.JoinAsync(Server, await Server.TokenAsync(email), roomId);
        await member.PostAsync("while a member");

        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        using var removed = await admin.DeleteAsync($"/api/cohorts/{cohortId}/members/{userId}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        var ex = await Assert.ThrowsAsync<HubException>(() => member.PostAsync("after removal"));
        Assert.Contains("not a member", ex.Message);
        Assert.Equal(["while a member"], (await LogReader.RoomEventsAsync(Server, roomId)).Of<MessagePosted>().Select(m => m.Markdown));
    }

    [Fact]
    public async Task PreviewRendersWithTheSameSanitiserAndRefusesOversizedText()
    {
        await using var lena = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail));
        var html = await lena.Connection.InvokeAsync<string>("PreviewMarkdown", "**hi** <script>x</script> [a](javascript:alert(1))");
        Assert.Equal(new Core.Markdown.MarkdownRenderer().Render("**hi** <script>x</script> [a](javascript:alert(1))"), html);
        Assert.DoesNotContain("javascript:", html);
        var ex = await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync<string>("PreviewMarkdown", new string('€', 3000)));
        Assert.Contains("8 KB", ex.Message);
    }
}
