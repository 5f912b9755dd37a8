using System.Text.Json;
using Roundtable.Core.Rooms;
using Roundtable.Scaleout.Tests.Infrastructure;

namespace Roundtable.Scaleout.Tests;

/// <summary>Breakouts opened on one node reach learners on the other, who join their group's room there.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class BreakoutsTwoNodeTests(TwoNodeCluster cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ALearnerOnTheOtherNodeIsToldTheirGroupAndJoinsItsRoomThere()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        var roomId = await Cluster.NewRoundtableAsync(node1, "Breakouts across nodes " + Guid.NewGuid().ToString("N")[..6]);

        await using var coach = await cluster.ConnectAsync(node1, Accounts.Coach, roomId);
        await coach.InvokeAsync<object>("StartRoundtable", roomId);
        await using var lena = await cluster.ConnectAsync(node2, Accounts.Learners[0], roomId);
        await using var liam = await cluster.ConnectAsync(node2, Accounts.Learners[1], roomId);
        var opened = await coach.InvokeAsync<JsonElement>("OpenBreakouts", roomId, new { strategy = "Random", groupCount = 2, minutes = 10 });
        var seq = (await cluster.ReadLogAsync(node1, roomId)).Count;

        // Pushed to node 2 through the backplane, not fetched.
        await lena.WaitForSeqAsync(seq, Patience, fillGaps: false);
        var told = lena.Events(seq).Select(e => e.Event).OfType<BreakoutsOpened>().Single();
        var mine = told.Groups.Single(g => g.Members.Any(m => m.UserId == lena.UserId));
        Assert.Equal(opened.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("roomId").GetString()), told.Groups.Select(g => g.RoomId));

        await using var inGroup = await RoomClient.ConnectAsync(node2, Accounts.Learners[0], mine.RoomId, "lena-in-group");
        var joined = await inGroup.InvokeAsync<JsonElement>("Join", new { roomId = mine.RoomId, protocolVersion = 1 });
        var banner = joined.GetProperty("snapshot").GetProperty("breakoutRoom");
        Assert.Equal((mine.Name, roomId), (banner.GetProperty("groupName").GetString(), banner.GetProperty("parentId").GetString()));

        // A broadcast from node 1 lands in the group's room and reaches Lena on node 2.
        await coach.InvokeAsync<object>("BroadcastToBreakouts", roomId, "Two minutes left");
        await inGroup.CatchupAsync();
        var groupLog = await inGroup.ReadLogAsync();
        Assert.Contains(groupLog.Select(e => e.Event).OfType<BreakoutBroadcastSent>(), b => b.Markdown == "Two minutes left");
        await coach.InvokeAsync<object>("CloseBreakouts", roomId);
        Assert.IsType<BreakoutRoomClosed>((await cluster.ReadLogAsync(node2, mine.RoomId))[^2].Event);
    }
}
