using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// Someone the room no longer lets in stops hearing it at once, on the connection they already had open: no reconnect,
/// no new command needed.
/// </summary>
public sealed class RoomEvictionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    [Fact]
    public async Task SomeoneRemovedFromTheCohortStopsHearingTheRoomWithoutReconnecting()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var email = $"leaver-{Guid.NewGuid():N}@example.com";
        var userId = await Server.NewUserAsync(email, cohortId);
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await using var leaver = await RoomClient.JoinAsync(Server, await Server.TokenAsync(email), roomId);
        await HearsAsync(leaver, lena, coach, "while a member");

        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        using var removed = await admin.DeleteAsync($"/api/cohorts/{cohortId}/members/{userId}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        await HearsNothingAsync(leaver, lena, coach, "after the removal");
        await leaver.Connection.InvokeAsync<string>("PreviewMarkdown", "the connection itself still works");
        Assert.Equal(HubConnectionState.Connected, leaver.Connection.State);
    }

    [Fact]
    public async Task AParticipantTheCoachRemovedStopsHearingTheRoom()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await using var liam = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LiamEmail), roomId);
        // A second page of Liam's, open on the same room.
        await using var liamAgain = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LiamEmail), roomId);

        await coach.Connection.InvokeAsync("RemoveParticipant", roomId, liam.Joined!.UserId);

        await HearsNothingAsync(liam, lena, coach, "after the removal");
        await HearsNothingAsync(liamAgain, lena, coach, "after the removal, on his second page");
    }

    [Fact]
    public async Task ALearnerMovedToAnotherBreakoutGroupStopsHearingTheOldOne()
    {
        var mainId = await Server.NewRoundtableAsync("Moving test");
        await using var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), mainId);
        await coach.Connection.InvokeAsync("StartRoundtable", mainId);
        await using var lenaMain = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), mainId);
        await using var liamMain = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LiamEmail), mainId);
        await using var noorMain = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.NoorEmail), mainId);
        var (lenaId, liamId, noorId) = (lenaMain.Joined!.UserId, liamMain.Joined!.UserId, noorMain.Joined!.UserId);
        var open = (await coach.Connection.InvokeAsync<BreakoutsView?>("OpenBreakouts", mainId,
            new OpenBreakoutsRequest(BreakoutStrategy.Manual, 2, 30, new Dictionary<string, int> { [lenaId] = 0, [liamId] = 0, [noorId] = 1 })))!;
        var first = open.Groups.Single(g => g.Members.Any(m => m.UserId == lenaId));
        var second = open.Groups.Single(g => g != first);
        await using var coachInFirst = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), first.RoomId);
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), first.RoomId);
        await using var liam = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LiamEmail), first.RoomId);

        await coach.Connection.InvokeAsync("MoveBreakoutMember", mainId, lenaId, second.RoomId);

        await HearsNothingAsync(lena, liam, coachInFirst, "after moving to the other group");
        var refused = await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync<CatchupResult>("Catchup", first.RoomId, 0L));
        Assert.Contains($"You are not in {first.Name}", refused.Message);
    }

    private static async Task HearsAsync(RoomClient listener, RoomClient witness, RoomClient poster, string markdown)
    {
        var seq = (await poster.PostAsync(markdown)).Seq;
        await witness.WaitForEventAsync(e => e.Seq == seq, $"the witness hears '{markdown}'");
        await listener.WaitForEventAsync(e => e.Seq == seq, $"the listener hears '{markdown}'");
    }

    /// <summary>
    /// A message reaches the witness (so it has gone out to the room), then the listener's own call comes back over the
    /// same connection the message would have come by: had it been sent to the listener, it would have arrived first.
    /// </summary>
    private static async Task HearsNothingAsync(RoomClient listener, RoomClient witness, RoomClient poster, string markdown)
    {
        var seq = (await poster.PostAsync(markdown)).Seq;
        await witness.WaitForEventAsync(e => e.Seq == seq, $"the witness hears '{markdown}'");
        await listener.Connection.InvokeAsync<string>("PreviewMarkdown", "round trip");
        Assert.DoesNotContain(listener.Received, e => e.RoomId == poster.RoomId && e.Seq >= seq);
    }
}
