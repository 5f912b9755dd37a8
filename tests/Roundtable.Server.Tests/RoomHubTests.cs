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
}
