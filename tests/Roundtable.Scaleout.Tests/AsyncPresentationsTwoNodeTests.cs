using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Roundtable.Scaleout.Tests.Infrastructure;

namespace Roundtable.Scaleout.Tests;

/// <summary>Presentations for peer feedback across two nodes: every step may land on either, and both read the same.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class AsyncPresentationsTwoNodeTests(TwoNodeCluster cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static async Task<HttpClient> HttpAsAsync(ServerNode node, string email)
    {
        var http = new HttpClient { BaseAddress = node.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await node.TokenAsync(email));
        return http;
    }

    /// <summary>GETs until the answer passes <paramref name="ready"/> (the other node's read models may be a moment behind).</summary>
    private static async Task<JsonElement> EventuallyAsync(HttpClient http, string path, Func<JsonElement, bool> ready)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            using var response = await http.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (ready(body))
                {
                    return body;
                }
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{path} did not become ready: {(int)response.StatusCode}");
            }
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task SubmittedOnOneNodeReviewedAndReleasedOnTheOtherWithTheSameAggregateOnBoth()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        using var lena = await HttpAsAsync(node1, Accounts.Learners[0]);
        using var liam = await HttpAsAsync(node1, Accounts.Learners[1]);
        using var coach = await HttpAsAsync(node2, Accounts.Coach);
        using var lenaOnNode2 = await HttpAsAsync(node2, Accounts.Learners[0]);
        var cohortId = (await lena.GetFromJsonAsync<JsonElement>("api/home")).GetProperty("cohorts")[0].GetProperty("cohort").GetProperty("id").GetString()!;
        var title = $"Two-node pitch {Guid.NewGuid():N}"[..28];

        using var submitted = await lena.PostAsJsonAsync($"api/cohorts/{cohortId}/async-presentations", new { title, slidesMarkdown = "# One\n---\n# Two" });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var presentationId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("presentation").GetProperty("id").GetString()!;

        var overview = await EventuallyAsync(coach, "api/async-presentations",
            o => o.GetProperty("coaching").EnumerateArray().Any(p => p.GetProperty("id").GetString() == presentationId));
        var rubricId = overview.GetProperty("cohorts").EnumerateArray().Single(c => c.GetProperty("id").GetString() == cohortId)
            .GetProperty("rubrics")[0].GetProperty("id").GetString();
        using var opened = await coach.PostAsJsonAsync($"api/cohorts/{cohortId}/async-reviews",
            new { rubricId, deadline = DateTimeOffset.UtcNow.AddDays(1), choice = "AllPeers", presentationIds = new[] { presentationId } });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var roundId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var forLiam = await EventuallyAsync(liam, $"api/async-presentations/{presentationId}", d => d.GetProperty("mayReview").GetBoolean());
        var scores = forLiam.GetProperty("rubric").GetProperty("criteria").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, _ => 2);
        using var given = await liam.PutAsJsonAsync($"api/async-presentations/{presentationId}/feedback", new { scores, answers = new Dictionary<string, string>() });
        Assert.Equal(HttpStatusCode.OK, given.StatusCode);

        await EventuallyAsync(coach, "api/async-presentations", o => o.GetProperty("coaching").EnumerateArray()
            .Any(p => p.GetProperty("id").GetString() == presentationId && p.GetProperty("reviewsGiven").GetInt32() == 1));
        using var closed = await coach.PostAsync($"api/async-reviews/{roundId}/close", null);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);

        var onNode1 = await EventuallyAsync(lena, $"api/async-presentations/{presentationId}", d => d.GetProperty("mayRate").GetBoolean());
        var onNode2 = await EventuallyAsync(lenaOnNode2, $"api/async-presentations/{presentationId}", d => d.GetProperty("mayRate").GetBoolean());
        Assert.Equal(onNode1.GetProperty("aggregate").GetRawText(), onNode2.GetProperty("aggregate").GetRawText());
        Assert.Equal(2.0, onNode1.GetProperty("aggregate").GetProperty("overall").GetDouble());
        var inbox = await EventuallyAsync(lenaOnNode2, "api/notifications", n => n.GetProperty("items").EnumerateArray()
            .Any(i => i.GetProperty("kind").GetString() == "async-feedback-released" && i.GetProperty("text").GetString()!.Contains(title, StringComparison.Ordinal)));
        Assert.True(inbox.GetProperty("unread").GetInt32() >= 1);
    }
}
