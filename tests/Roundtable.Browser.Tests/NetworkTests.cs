using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>
/// My learning network (graph and list) and the people directory, in a cohort of their own: Me, a learner; Pia, who
/// mentors Me; Max, whose asynchronous presentation Me reviewed, who offers a skill and has places as a mentor; and
/// their coach Cole. Names and skills carry markup that must stay text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NetworkTests(BrowserFixture fixture)
{
    private const string Payload = "<img src=x onerror=\"window.__pwned=1\">";

    internal sealed record Scene(string CohortId, string MeEmail, string Me, string Pia, string Max, string Cole, string Token)
    {
        public string MaxName => $"{Payload} Max {Token}";
        /// <summary>At most 40 characters, as skill names are.</summary>
        public string Skill => $"<img src=x onerror=__pwned=1>{Token}";
    }

    internal static async Task<Scene> CreateSceneAsync(RoundtableServer server)
    {
        var token = Token();
        using var admin = await server.HttpAsAsync("admin@roundtable.local");
        var (_, programId) = await admin.DemoCohortAsync();
        using var created = await admin.PostAsJsonAsync($"/api/programs/{programId}/cohorts", new { name = $"Network {token}" });
        created.EnsureSuccessStatusCode();
        var cohortId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        string Email(string name) => $"{name}-{token}@example.com";
        var me = await server.NewLearnerAsync(cohortId, Email("me"), $"Me {token}");
        var pia = await server.NewLearnerAsync(cohortId, Email("pia"), $"Pia {token}");
        var scene = new Scene(cohortId, Email("me"), me, pia, "", "", token);
        var max = await server.NewLearnerAsync(cohortId, Email("max"), scene.MaxName);
        var cole = await server.NewLearnerAsync(cohortId, Email("cole"), $"Cole {token}");
        (await admin.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{cole}", new { role = "Coach" })).EnsureSuccessStatusCode();

        object Profile(int capacity, string? offer) => new
        {
            offers = offer is null ? Array.Empty<object>() : [new { name = offer, level = 3 }],
            wants = new[] { new { name = "Negotiation", level = 1 } },
            goalsMarkdown = "",
            availability = Array.Empty<object>(),
            mentorCapacity = capacity,
        };
        using var piaClient = await server.HttpAsAsync(Email("pia"));
        using var maxClient = await server.HttpAsAsync(Email("max"));
        using var meClient = await server.HttpAsAsync(Email("me"));
        using var coleClient = await server.HttpAsAsync(Email("cole"));
        (await piaClient.PutAsJsonAsync("/api/profile", Profile(1, null))).EnsureSuccessStatusCode();
        (await maxClient.PutAsJsonAsync("/api/profile", Profile(2, scene.Skill))).EnsureSuccessStatusCode();

        // Pia mentors Me: Me asks, Pia accepts.
        using var asked = await meClient.PostAsJsonAsync($"/api/cohorts/{cohortId}/mentor-requests", new { mentorId = pia, message = "" });
        asked.EnsureSuccessStatusCode();
        var requestId = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString();
        (await piaClient.PostAsJsonAsync($"/api/mentor-requests/{requestId}/answer", new { accept = true })).EnsureSuccessStatusCode();

        // Me reviews Max's presentation.
        using var submitted = await maxClient.PostAsJsonAsync($"/api/cohorts/{cohortId}/async-presentations",
            new { title = $"Pitch {token}", slidesMarkdown = "# One", uploadIds = Array.Empty<string>() });
        submitted.EnsureSuccessStatusCode();
        var presentationId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("presentation").GetProperty("id").GetString();
        var rubricId = await admin.ClarityEvidenceRubricAsync(programId, $"Network {token}");
        (await coleClient.PostAsJsonAsync($"/api/cohorts/{cohortId}/async-reviews",
            new { rubricId, deadline = DateTimeOffset.UtcNow.AddDays(1), choice = "AllPeers" })).EnsureSuccessStatusCode();
        (await meClient.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback",
            new { scores = new Dictionary<string, int> { ["clarity"] = 4, ["evidence"] = 4 }, answers = new Dictionary<string, string>() })).EnsureSuccessStatusCode();
        return scene with { Max = max, Cole = cole };
    }

    [Fact]
    public async Task TheGraphAndTheListShowMyNetworkAndIAskForMentoringFromTheKeyboard()
    {
        var scene = await CreateSceneAsync(fixture.Server);
        var context = await fixture.SignedInContextAsync(scene.MeEmail, new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var cspErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                cspErrors.Add(message.Text);
            }
        };
        await page.GotoAsync("/network.html");

        // The graph: me and three people, three links, drawn on canvas (read from what the page records after layout).
        var graph = page.Locator("#network-graph");
        await Expect(graph).ToHaveAttributeAsync("data-ready", "true");
        await Expect(graph).ToHaveAttributeAsync("data-nodes", "4");
        await Expect(graph).ToHaveAttributeAsync("data-edges", "3");
        await Expect(graph).ToHaveAttributeAsync("aria-hidden", "true");
        Assert.True(await graph.Locator("canvas").CountAsync() > 0);

        // The list: complete, grouped, with the reasons.
        var learn = page.GetByRole(AriaRole.Region, new() { Name = "I learn from" });
        var advise = page.GetByRole(AriaRole.Region, new() { Name = "I advise" });
        await Expect(learn.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Level = 3 }) })).ToHaveCountAsync(2);
        var pia = learn.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = $"Pia {scene.Token}" }) });
        await Expect(pia).ToContainTextAsync($"mentors you in Network {scene.Token}");
        await Expect(pia).ToContainTextAsync($"Cohorts you share: Network {scene.Token}");
        await Expect(pia.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        var cole = learn.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = $"Cole {scene.Token}" }) });
        await Expect(cole).ToContainTextAsync($"coaches your cohort Network {scene.Token}");
        var max = advise.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = scene.MaxName }) });
        await Expect(max).ToContainTextAsync($"you reviewed their presentation “Pitch {scene.Token}”");
        await Expect(max.GetByRole(AriaRole.Link, new() { Name = $"Profile of {scene.MaxName}" })).ToBeVisibleAsync();

        // Keyboard: Tab to "Ask … for mentoring" and press Enter.
        var ask = max.GetByRole(AriaRole.Button, new() { Name = $"Ask for mentoring: {scene.MaxName}" });
        await TabUntilFocusedAsync(page, ask, maxTabs: 40);
        await page.Keyboard.PressAsync("Enter");
        await Expect(max.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Asked {scene.MaxName} for mentoring. You will hear when they answer.");
        await Expect(ask).ToHaveCountAsync(0);
        using (var maxClient = await fixture.Server.HttpAsAsync($"max-{scene.Token}@example.com"))
        {
            var mine = await maxClient.GetFromJsonAsync<JsonElement>("/api/my-matching");
            Assert.Contains(mine.GetProperty("incoming").EnumerateArray(), r => r.GetProperty("learner").GetProperty("userId").GetString() == scene.Me);
        }

        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.DoesNotContain(cspErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        await context.CloseAsync();
    }

    [Fact]
    public async Task TheDirectoryFindsPeopleBySkillAndByNameAndKeepsMarkupAsText()
    {
        var scene = await CreateSceneAsync(fixture.Server);
        var context = await fixture.SignedInContextAsync(scene.MeEmail, new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/people.html");
        await Expect(page.Locator("#people-status")).ToContainTextAsync("found");

        var skill = page.GetByRole(AriaRole.Searchbox, new() { Name = "Skill offered or wanted" });
        await skill.FocusAsync();
        await page.Keyboard.TypeAsync(scene.Token);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#people-status")).ToHaveTextAsync("1 person found.");
        var results = page.GetByRole(AriaRole.Region, new() { Name = "Results" });
        await Expect(results.GetByRole(AriaRole.Heading, new() { Level = 3 })).ToHaveTextAsync(scene.MaxName);
        await Expect(results.GetByRole(AriaRole.List, new() { Name = $"{scene.MaxName} offers" })).ToHaveTextAsync($"{scene.Skill} (advanced)");
        await Expect(results.GetByRole(AriaRole.Button, new() { Name = $"Ask for mentoring: {scene.MaxName}" })).ToBeVisibleAsync();

        await skill.FillAsync("");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Name" }).FillAsync($"pia {scene.Token}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find people" }).ClickAsync();
        await Expect(page.Locator("#people-status")).ToHaveTextAsync("1 person found.");
        await Expect(results.GetByRole(AriaRole.Heading, new() { Level = 3 })).ToHaveTextAsync($"Pia {scene.Token}");
        Assert.Contains($"q=pia", page.Url);

        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        await context.CloseAsync();
    }
}
