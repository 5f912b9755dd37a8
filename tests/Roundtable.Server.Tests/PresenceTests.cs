using System.Diagnostics;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>A server of its own with the given presence grace period.</summary>
public abstract class GracePeriodFixture(TimeSpan gracePeriod) : IAsyncLifetime
{
    public RoundtableFactory Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await new RoundtableFactory(presenceGracePeriod: gracePeriod).StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>A grace period short enough to wait out in a test.</summary>
public sealed class PresenceFixture() : GracePeriodFixture(TimeSpan.FromSeconds(1.5));

public sealed class PresenceTests(PresenceFixture fixture) : IClassFixture<PresenceFixture>
{
    private RoundtableFactory Server => fixture.Server;

    [Fact]
    public async Task ADroppedConnectionLeavesOnlyAfterTheGracePeriod()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await coach.WaitForEventAsync(e => e.Event is ParticipantJoined { DisplayName: "Lena Learner" }, "Lena's join arrives");

        var clock = Stopwatch.StartNew();
        await lena.Connection.StopAsync();
        var left = await coach.WaitForEventAsync(e => e.Event is ParticipantLeft { DisplayName: "Lena Learner" }, "Lena's leave arrives");
        var elapsed = clock.Elapsed;

        Assert.True(elapsed >= Server.PresenceGracePeriod - TimeSpan.FromMilliseconds(20),
            $"The leave came after {elapsed.TotalMilliseconds:0} ms; the grace period is {Server.PresenceGracePeriod.TotalMilliseconds:0} ms.");
        Assert.Equal(LeaveReason.Disconnected, ((ParticipantLeft)left.Event).Reason);
        await lena.DisposeAsync();
    }

    [Fact]
    public async Task ASecondConnectionKeepsTheParticipantPresentWhenTheFirstDrops()
    {
        var roomId = await Server.NewRoundtableAsync();
        var lenaToken = await Server.TokenAsync(RoundtableFactory.LenaEmail);
        await using var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        var phone = await RoomClient.JoinAsync(Server, lenaToken, roomId);
        await using var laptop = await RoomClient.JoinAsync(Server, lenaToken, roomId);

        await phone.Connection.StopAsync();
        await Task.Delay(Server.PresenceGracePeriod + TimeSpan.FromMilliseconds(500));
        var stillThere = await laptop.PostAsync("still here from the laptop");
        await coach.WaitForSeqAsync(stillThere.Seq);

        Assert.DoesNotContain(await LogReader.RoomEventsAsync(Server, roomId), e => e.Event is ParticipantLeft);
        await phone.DisposeAsync();
    }
}

/// <summary>
/// The production's grace period: a reconnect (a new connection, a sign-in, a join) must fit in it even on a busy
/// machine, where the short period of <see cref="PresenceFixture"/> is sometimes over before the join is.
/// </summary>
public sealed class ReconnectFixture() : GracePeriodFixture(TimeSpan.FromSeconds(10));

public sealed class ReconnectTests(ReconnectFixture fixture) : IClassFixture<ReconnectFixture>
{
    private RoundtableFactory Server => fixture.Server;

    [Fact]
    public async Task AQuickReconnectWithinTheGracePeriodProducesNoLeave()
    {
        var roomId = await Server.NewRoundtableAsync();
        var lenaToken = await Server.TokenAsync(RoundtableFactory.LenaEmail);
        await using var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        var lena = await RoomClient.JoinAsync(Server, lenaToken, roomId);

        var clock = Stopwatch.StartNew();
        await lena.Connection.StopAsync();
        await using var back = await RoomClient.JoinAsync(Server, lenaToken, roomId, afterSeq: lena.LastContiguousSeq);
        Assert.True(clock.Elapsed < Server.PresenceGracePeriod, $"Reconnecting took {clock.Elapsed.TotalMilliseconds:0} ms, longer than the grace period.");

        // Wait the grace period out, then send a marker: anything the drop caused would have come before it.
        await Task.Delay(Server.PresenceGracePeriod + TimeSpan.FromMilliseconds(500));
        var marker = await coach.PostAsync("marker");
        await coach.WaitForSeqAsync(marker.Seq);

        var log = await LogReader.RoomEventsAsync(Server, roomId);
        Assert.DoesNotContain(log, e => e.Event is ParticipantLeft);
        Assert.Single(log.Of<ParticipantJoined>(), j => j.DisplayName == "Lena Learner");
        Assert.DoesNotContain(coach.Received, e => e.Event is ParticipantLeft);
        Assert.Equal(["Cora Coach", "Lena Learner"], back.Joined!.Snapshot.Participants.Select(p => p.DisplayName));
        await lena.DisposeAsync();
    }
}
