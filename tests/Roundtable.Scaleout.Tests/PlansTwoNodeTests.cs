using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Scaleout.Tests.Infrastructure;
using Roundtable.Server.Notifications;

namespace Roundtable.Scaleout.Tests;

/// <summary>A notification made on one node reaches the person's page on the other, through the SignalR backplane.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class PlansTwoNodeTests(TwoNodeCluster cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static async Task<HttpClient> HttpAsAsync(ServerNode node, string email)
    {
        var http = new HttpClient { BaseAddress = node.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await node.TokenAsync(email));
        return http;
    }

    [Fact]
    public async Task ALearnersPlanSavedOnOneNodeNotifiesTheirManagerConnectedToTheOther()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        var lena = Accounts.Learners[0];
        using var coach = await HttpAsAsync(node1, Accounts.Coach);
        using var learner = await HttpAsAsync(node1, lena);
        var lenaId = (await learner.GetFromJsonAsync<JsonElement>("api/me")).GetProperty("id").GetString()!;
        var cohortId = (await coach.GetFromJsonAsync<JsonElement>("api/home")).GetProperty("cohorts")[0].GetProperty("cohort").GetProperty("id").GetString()!;
        var title = $"Two-node plan {Guid.NewGuid():N}"[..24];
        using var assigned = await coach.PostAsJsonAsync($"api/cohorts/{cohortId}/plan-exercises",
            new { title, promptMarkdown = "Plan it.", dueAt = DateTimeOffset.UtcNow.AddDays(3), learnerIds = new[] { lenaId } });
        assigned.EnsureSuccessStatusCode();
        var exerciseId = (await assigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var managerToken = await node2.TokenAsync(Accounts.Manager);
        await using var manager = HubConnections.Build(node2.BaseAddress, managerToken, NotificationsHub.Path);
        var arrived = new TaskCompletionSource<NotificationDto>(TaskCreationOptions.RunContinuationsAsynchronously);
        manager.On<NotificationDto>(nameof(INotificationsClient.NotificationArrived), n =>
        {
            if (n.Text.Contains(title, StringComparison.Ordinal))
            {
                arrived.TrySetResult(n);
            }
        });
        await manager.StartAsync();

        using var written = await learner.PutAsJsonAsync($"api/plan-exercises/{exerciseId}/plans/{lenaId}/plan", new { baseVersion = 0, markdown = "My plan" });
        written.EnsureSuccessStatusCode();

        var notice = await arrived.Task.WaitAsync(Patience);
        Assert.Equal($"Lena Learner wrote a plan for “{title}”.", notice.Text);
        // Node 2's own read models have it too, for the home page.
        using var managerHttp = await HttpAsAsync(node2, Accounts.Manager);
        var inbox = await managerHttp.GetFromJsonAsync<JsonElement>("api/notifications");
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("id").GetString() == notice.Id);
    }
}
