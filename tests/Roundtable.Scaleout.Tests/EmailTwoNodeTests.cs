using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Roundtable.Scaleout.Tests.Infrastructure;
using Roundtable.Testing.Email;

namespace Roundtable.Scaleout.Tests;

/// <summary>Two nodes on one Redis, both sending through one real SMTP server.</summary>
public sealed class MailCluster() : Cluster(2, settings: new Dictionary<string, string>
{
    ["Email__Smtp__Host"] = "127.0.0.1",
    ["Email__Smtp__Port"] = SmtpPort.ToString(CultureInfo.InvariantCulture),
    ["Email__Smtp__Security"] = "None",
})
{
    private static readonly int SmtpPort = TestEnvironment.FreePort();

    public TestSmtpServer Smtp { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Smtp = await TestSmtpServer.StartAsync(SmtpPort);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>
/// Every node follows the same schedule and wakes for the same reminder; each person still gets one email, because
/// the node that claims it on the log first is the only one that sends it.
/// </summary>
public sealed class EmailTwoNodeTests(MailCluster cluster) : IClassFixture<MailCluster>
{
    [Fact]
    public async Task BothNodesWakeForAReminderAndEachPersonGetsItOnce()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        using var coach = new HttpClient { BaseAddress = node1.BaseAddress };
        coach.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await node1.TokenAsync(Accounts.Coach));
        var cohortId = (await coach.GetFromJsonAsync<JsonElement>("api/home")).GetProperty("cohorts")[0].GetProperty("cohort").GetProperty("id").GetString()!;
        var members = (await coach.GetFromJsonAsync<JsonElement>($"api/cohorts/{cohortId}/members")).EnumerateArray()
            .Select(m => m.GetProperty("email").GetString()!).ToList();
        Assert.True(members.Count >= 5, $"the demo cohort has {members.Count} members");
        var title = $"Reminded twice over {Guid.NewGuid():N}"[..30];

        // Two hours ahead: the day's reminder is due at once, on both nodes.
        var start = DateTime.UtcNow.AddHours(2);
        using var scheduled = await coach.PostAsJsonAsync($"api/cohorts/{cohortId}/schedule", new
        {
            title, start = start.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), timeZone = "UTC", durationMinutes = 45, repeat = "None",
        });
        Assert.True(scheduled.IsSuccessStatusCode, await scheduled.Content.ReadAsStringAsync());
        var roundtableId = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roundtables")[0].GetProperty("id").GetString()!;

        // Each node says when it has gone through the reminder (sent or found claimed): then both have tried.
        foreach (var node in new[] { node1, node2 })
        {
            await Eventually.UntilAsync(() => node.Logs().Contains($"Reminded the people of roundtable {roundtableId} (24h before)", StringComparison.Ordinal),
                $"{node.Name} went through the reminder", TimeSpan.FromSeconds(60));
        }
        await Eventually.UntilAsync(() => members.All(email => cluster.Smtp.To(email).Any(m => m.Subject!.StartsWith($"Coming up: {title}", StringComparison.Ordinal))),
            "every member has the reminder", TimeSpan.FromSeconds(60));
        foreach (var email in members)
        {
            Assert.Single(cluster.Smtp.To(email), m => m.Subject!.StartsWith($"Coming up: {title}", StringComparison.Ordinal));
        }
    }
}
