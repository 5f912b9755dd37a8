using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Roundtable.Core.Rooms;
using Roundtable.Scaleout.Tests.Infrastructure;

namespace Roundtable.Scaleout.Tests;

/// <summary>
/// A removal made on node 1 takes the person's connection on node 2 out of the room's groups: node 2 acts when it reads
/// the removal from the shared log, without the person reconnecting or calling anything.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class RoomProtectionTwoNodeTests(TwoNodeCluster cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ACoachsRemovalOnOneNodeSilencesTheRoomForTheRemovedPersonsConnectionOnTheOther()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        var roomId = await Cluster.NewRoundtableAsync(node1, "Two-node removal");
        await using var coach = await cluster.ConnectAsync(node1, Accounts.Coach, roomId);
        await using var lena = await cluster.ConnectAsync(node2, Accounts.Learners[0], roomId);
        await using var theo = await cluster.ConnectAsync(node2, Accounts.Learners[3], roomId);

        await coach.InvokeAsync<object?>("RemoveParticipant", roomId, theo.UserId);

        await StopsHearingAsync(theo, lena, coach);
    }

    [Fact]
    public async Task ARemovalFromTheCohortOnOneNodeSilencesItsRoomsForTheConnectionOnTheOther()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        var roomId = await Cluster.NewRoundtableAsync(node1, "Two-node cohort removal");
        var (cohortId, userId, email) = await NewLearnerAsync(node1);
        await SeesRoomAsync(node2, email, roomId);
        await using var coach = await cluster.ConnectAsync(node1, Accounts.Coach, roomId);
        await using var lena = await cluster.ConnectAsync(node2, Accounts.Learners[0], roomId);
        await using var leaver = await cluster.ConnectAsync(node2, email, roomId);

        using var removed = await node1.Http.SendAsync(node1.Request(HttpMethod.Delete, $"api/cohorts/{cohortId}/members/{userId}", await node1.TokenAsync(Accounts.Admin)));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        await StopsHearingAsync(leaver, lena, coach);
    }

    /// <summary>
    /// Node 2 acts once it has read the removal, a moment after node 1 answered. Messages are posted a few times a
    /// second; each has reached the witness on node 2, and the removed person's own call has come back, before it is
    /// looked for. Done when three in a row (over half a second or more) have not reached the removed person.
    /// </summary>
    private static async Task StopsHearingAsync(RoomClient removed, RoomClient witness, RoomClient poster)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var deadline = DateTime.UtcNow + Patience;
        var posted = new List<long>();
        for (var i = 0; ; i++)
        {
            var seq = (await poster.PostAsync("still there?", $"{run}-{i}")).Seq;
            await witness.WaitForSeqAsync(seq, Patience, fillGaps: true);
            await removed.InvokeAsync<string>("PreviewMarkdown", "round trip");
            posted.Add(seq);
            var heard = removed.Events(long.MaxValue).Select(e => e.Seq).ToHashSet();
            if (posted.Count >= 3 && posted[^3..].All(s => !heard.Contains(s)))
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{removed.Name} on {removed.Node.Name} still hears the room {Patience.TotalSeconds:0} s after the removal.");
            // Polled a few times a second, well within the poster's command allowance.
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until the node has read the new learner and their membership from the log (they can sign in there and see the room).</summary>
    private static async Task SeesRoomAsync(ServerNode node, string email, string roomId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using var token = await node.Http.PostAsJsonAsync("api/auth/token", new { email, password = Accounts.Password });
            if (token.IsSuccessStatusCode)
            {
                var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
                using var room = await node.Http.SendAsync(node.Request(HttpMethod.Get, $"api/roundtables/{roomId}", accessToken));
                if (room.IsSuccessStatusCode)
                {
                    return;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"{node.Name} did not let {email} see the room within {Patience.TotalSeconds:0} s.");
            await Task.Delay(50);
        }
    }

    /// <summary>A new learner of the demo cohort (by the admin, on the given node); the demo password signs them in.</summary>
    private static async Task<(string CohortId, string UserId, string Email)> NewLearnerAsync(ServerNode node)
    {
        var admin = await node.TokenAsync(Accounts.Admin);
        using var home = await node.Http.SendAsync(node.Request(HttpMethod.Get, "api/home", admin));
        var cohortId = (await home.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cohorts")[0].GetProperty("cohort").GetProperty("id").GetString()!;
        var email = $"leaver-{Guid.NewGuid():N}@example.com";
        using var created = await node.Http.SendAsync(node.Request(HttpMethod.Post, "api/users", admin,
            new { email, displayName = "Leaving Learner", password = Accounts.Password, isAdmin = false }));
        created.EnsureSuccessStatusCode();
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var added = await node.Http.SendAsync(node.Request(HttpMethod.Put, $"api/cohorts/{cohortId}/members/{userId}", admin, new { role = "Learner" }));
        added.EnsureSuccessStatusCode();
        return (cohortId, userId, email);
    }
}
