using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Roundtable.Core.Log;
using Roundtable.Core.Markdown;
using Roundtable.Server.Notes;
using Roundtable.Server.Plans;

namespace Roundtable.Server.Tests;

/// <summary>
/// Markdown nested 128 levels deep is refused with a clear 400 or hub refusal on every path that renders it, before
/// anything is stored, and without an error in the log.
/// </summary>
public sealed class MarkdownNestingApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private static readonly string[] Deep =
    [
        new string('>', 128) + " deep quote",
        string.Concat(Enumerable.Repeat("- ", 128)) + "deep list",
        string.Concat(Enumerable.Repeat("*a ", 128)) + "x" + string.Concat(Enumerable.Repeat(" a*", 128)),
        new string('[', 128) + "x" + string.Concat(Enumerable.Repeat("](https://example.com)", 128)),
    ];

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains($"nest at most {MarkdownRenderer.MaxNestingDepth} levels", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task DeeplyNestedMarkdownIsRefusedOnEveryRestPathAndNothingIsStored()
    {
        var logs = LogCapture.AttachTo(Server);
        var (cohortId, roomId) = await Server.SeededCohortAsync();
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        using var assigned = await coach.PostAsJsonAsync($"/api/cohorts/{cohortId}/plan-exercises",
            new { title = "Nesting", promptMarkdown = "Plan it.", dueAt = DateTimeOffset.UtcNow.AddDays(3), learnerIds = new[] { await UserIdAsync(lena) } });
        assigned.EnsureSuccessStatusCode();
        var exerciseId = (await assigned.Content.ReadFromJsonAsync<ExerciseDto>(Json.Options))!.Id;
        var profileBefore = await lena.GetStringAsync("/api/profile");
        var log = Server.Get<IEventLog>();
        var head = await log.GetHeadPositionAsync();

        foreach (var deep in Deep)
        {
            await AssertRefusedAsync(await lena.PostAsJsonAsync("/api/markdown/preview", new { markdown = deep }), "preview");
            await AssertRefusedAsync(await lena.PutAsJsonAsync($"/api/roundtables/{roomId}/my-note", new { baseVersion = 0, markdown = deep }), "private note");
            await AssertRefusedAsync(await lena.PutAsJsonAsync("/api/profile", new { offers = Array.Empty<object>(), wants = Array.Empty<object>(), availability = Array.Empty<object>(), mentorCapacity = 0, goalsMarkdown = deep }), "profile");
            await AssertRefusedAsync(await coach.PostAsJsonAsync($"/api/cohorts/{cohortId}/plan-exercises", new { title = "Deep", promptMarkdown = deep, dueAt = DateTimeOffset.UtcNow.AddDays(3) }), "plan exercise");
            await AssertRefusedAsync(await lena.PutAsJsonAsync($"/api/plan-exercises/{exerciseId}/plans/{await UserIdAsync(lena)}/plan", new { baseVersion = 0, markdown = deep }), "plan");
        }

        Assert.Equal(head, await log.GetHeadPositionAsync());
        Assert.Equal(0, (await lena.GetFromJsonAsync<PrivateNoteDto>($"/api/roundtables/{roomId}/my-note", Json.Options))!.Version);
        Assert.Equal(profileBefore, await lena.GetStringAsync("/api/profile"));
        Assert.True(logs.Errors.Count == 0, string.Join("\n", logs.Errors));
    }

    [Fact]
    public async Task DeeplyNestedMarkdownIsANamedHubRefusalForPreviewAndChat()
    {
        var logs = LogCapture.AttachTo(Server);
        var roomId = await Server.NewRoundtableAsync("Nesting");
        await using var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        await coach.Connection.InvokeAsync("StartRoundtable", roomId);
        var log = Server.Get<IEventLog>();
        var version = await log.GetStreamVersionAsync(StreamNames.Room(roomId));

        foreach (var deep in Deep)
        {
            var preview = await Assert.ThrowsAsync<HubException>(() => coach.Connection.InvokeAsync<string>("PreviewMarkdown", deep));
            Assert.Contains("nested too deeply", preview.Message);
        }
        // (Two kinds for the commands: the hub allows a burst of 20 calls per connection.)
        foreach (var deep in Deep[..2])
        {
            var post = await Assert.ThrowsAsync<HubException>(() => coach.PostAsync(deep, Guid.NewGuid().ToString("N")));
            Assert.Contains("nested too deeply", post.Message);
            var note = await Assert.ThrowsAsync<HubException>(() => coach.Connection.InvokeAsync<JsonElement>("EditSharedNote", roomId, 0L, deep));
            Assert.Contains("nested too deeply", note.Message);
        }

        Assert.Equal(version, await log.GetStreamVersionAsync(StreamNames.Room(roomId)));
        // The connection is still usable after the refusals.
        Assert.Equal("<p>fine</p>", await coach.Connection.InvokeAsync<string>("PreviewMarkdown", "fine"));
        // SignalR itself logs every HubException (every refusal) at Error; what matters here is that none was a crash.
        var crashes = logs.Entries.Where(e => e.Level >= LogLevel.Error && e.Exception is not HubException).Select(e => $"{e.Category}: {e.Message} {e.Exception}");
        Assert.Empty(crashes);
    }

    private static async Task<string> UserIdAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetString()!;
}
