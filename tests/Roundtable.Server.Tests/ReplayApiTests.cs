using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Replay;
using Roundtable.Server.Rooms.Replay;

namespace Roundtable.Server.Tests;

public sealed class ReplayApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    [Fact]
    public async Task ALearnersReplayLeavesOutTheMessageACoachHidLaterWhileTheCoachsKeepsIt()
    {
        var roomId = await Server.NewRoundtableAsync("Replay with a hidden message");
        await using (var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), roomId))
        {
            await coach.Connection.InvokeAsync("StartRoundtable", roomId);
            await using var liam = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LiamEmail), roomId);
            var hidden = await liam.PostAsync("Something the coach hides");
            await liam.PostAsync("Something that stays");
            await coach.Connection.InvokeAsync("HideMessage", roomId, hidden.Seq);
            await coach.Connection.InvokeAsync("EndRoundtable", roomId);
        }

        var lenas = await ReplayAsync(RoundtableFactory.LenaEmail, roomId);
        var coachs = await ReplayAsync(RoundtableFactory.CoachEmail, roomId);

        Assert.DoesNotContain("Something the coach hides", lenas.Text, StringComparison.Ordinal);
        Assert.Contains("Something that stays", lenas.Text, StringComparison.Ordinal);
        Assert.Contains("Something the coach hides", coachs.Text, StringComparison.Ordinal);
        // Every event is there for both, seq by seq, so a replayed moment is the same moment for everyone.
        Assert.Equal(coachs.Replay.Events.Select(e => e.Seq), lenas.Replay.Events.Select(e => e.Seq));
        Assert.Equal(Enumerable.Range(1, lenas.Replay.Events.Count).Select(i => (long)i), lenas.Replay.Events.Select(e => e.Seq));
        // The replay opens with the empty room's snapshot and the one before its first moment (when it started); every
        // snapshot comes from its own address.
        Assert.Equal([0L], lenas.Replay.Checkpoints.Select(c => c.Seq));
        Assert.Equal([0L, lenas.Replay.Events[^1].Seq], lenas.Checkpoints.Select(c => c.Seq));
        Assert.Equal(RoomStatus.Ended, lenas.Checkpoints[^1].Status);
        Assert.Equal([ReplayMarkerKind.Started, ReplayMarkerKind.Ended], lenas.Replay.Markers.Select(m => m.Kind));
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        var atTheEnd = await lena.GetFromJsonAsync<ReplayDto>($"/api/roundtables/{roomId}/replay?at={lenas.Replay.Events[^1].Seq}", Json.Options);
        Assert.Equal([0L, lenas.Replay.Events[^1].Seq], atTheEnd!.Checkpoints.Select(c => c.Seq));
    }

    private async Task<(ReplayDto Replay, List<RoomSnapshot> Checkpoints, string Text)> ReplayAsync(string email, string roomId)
    {
        using var client = await Server.ClientAsAsync(email);
        var text = await client.GetStringAsync($"/api/roundtables/{roomId}/replay");
        var checkpoints = await client.GetStringAsync($"/api/roundtables/{roomId}/replay/checkpoints");
        return (System.Text.Json.JsonSerializer.Deserialize<ReplayDto>(text, Json.Options)!,
            System.Text.Json.JsonSerializer.Deserialize<List<RoomSnapshot>>(checkpoints, Json.Options)!, text + checkpoints);
    }
}
