using System.Net.Http.Json;
using System.Text.Json;
using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;
using Roundtable.Scaleout.Tests.Infrastructure;

namespace Roundtable.Scaleout.Tests;

/// <summary>Feedback given on one node reaches a presenter on the other, with the aggregate the log says.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class FeedbackTwoNodeTests(TwoNodeCluster cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task PeersOnOneNodeFeedThePresentersAggregateOnTheOtherAndAReconnectSeesTheSame()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        var coachToken = await node1.TokenAsync(Accounts.Coach);
        var home = await GetAsync(node1, "api/home", coachToken);
        var cohort = home.GetProperty("cohorts").EnumerateArray().Select(c => c.GetProperty("cohort")).First();
        var cohortId = cohort.GetProperty("id").GetString()!;
        var rubrics = await GetAsync(node1, $"api/programs/{cohort.GetProperty("programId").GetString()}/rubrics", coachToken);
        var rubric = rubrics.EnumerateArray().First().GetProperty("rubric").Deserialize<Rubric>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var members = await GetAsync(node1, $"api/cohorts/{cohortId}/members", coachToken);
        var lenaId = members.EnumerateArray().First(m => m.GetProperty("email").GetString() == Accounts.Learners[0]).GetProperty("userId").GetString()!;
        using var scheduled = await node1.Http.SendAsync(node1.Request(HttpMethod.Post, $"api/cohorts/{cohortId}/roundtables", coachToken,
            new { title = "Feedback across nodes " + Guid.NewGuid().ToString("N")[..6], scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 }));
        scheduled.EnsureSuccessStatusCode();
        var roomId = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await using var coach = await cluster.ConnectAsync(node1, Accounts.Coach, roomId);
        await using var lena = await cluster.ConnectAsync(node2, Accounts.Learners[0], roomId);
        await coach.InvokeAsync<object>("StartRoundtable", roomId);
        await coach.InvokeAsync<object>("AddPresentationSlot", roomId, lenaId, 5);
        await coach.InvokeAsync<object>("StartPresentation", roomId, "item-1");
        await coach.InvokeAsync<object>("OpenFeedback", roomId, new { presentationId = "presentation-1", rubricId = rubric.RubricId, anonymity = "AnonymousToPresenter" });

        var peers = new List<RoomClient>();
        try
        {
            foreach (var (email, node) in new[] { (Accounts.Learners[1], node1), (Accounts.Learners[2], node1), (Accounts.Learners[3], node2) })
            {
                peers.Add(await cluster.ConnectAsync(node, email, roomId));
            }
            var sent = new List<Dictionary<string, int>>();
            for (var i = 0; i < peers.Count; i++)
            {
                var scores = rubric.Criteria.Select((c, k) => (c.Id, Score: 1 + (i + k) % c.MaxScore)).ToDictionary(x => x.Id, x => x.Score);
                sent.Add(scores);
                await peers[i].InvokeAsync<JsonElement>("SubmitFeedback", roomId, new { presentationId = "presentation-1", scores, answers = new Dictionary<string, string>() });
            }

            var update = await lena.WaitForFeedbackAsync(
                u => u.GetProperty("for").GetString() == "Presenter" && u.GetProperty("view").GetProperty("aggregate").GetProperty("submissions").GetInt32() == 3,
                Patience, "the presenter's aggregate counts all three");
            var tally = new FeedbackTally(rubric);
            sent.ForEach(tally.Add);
            var expected = tally.ToAggregate();
            var live = update.GetProperty("view").GetProperty("aggregate");
            Assert.Equal(expected.Overall!.Value, live.GetProperty("overall").GetDouble(), 9);
            Assert.Equal(expected.Criteria.Select(c => c.Mean!.Value), live.GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("mean").GetDouble()));

            // A reconnect to the other node starts from the same aggregate.
            await using var again = await RoomClient.ConnectAsync(node1, Accounts.Learners[0], roomId, "lena-again");
            var joined = await again.InvokeAsync<JsonElement>("Join", new { roomId, protocolVersion = 1 });
            var snapshot = joined.GetProperty("snapshot").GetProperty("feedback").EnumerateArray().Single().GetProperty("aggregate");
            Assert.Equal(live.GetRawText(), snapshot.GetRawText());
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }

    private static async Task<JsonElement> GetAsync(ServerNode node, string path, string token)
    {
        using var response = await node.Http.SendAsync(node.Request(HttpMethod.Get, path, token));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
