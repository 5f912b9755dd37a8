using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Directory;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Notes;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Notes;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

public sealed class NotesTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private async Task<RoomClient> JoinAsync(string email, string roomId) => await RoomClient.JoinAsync(Server, await Server.TokenAsync(email), roomId);

    private static Task<SharedNoteResult> EditAsync(RoomClient client, long baseVersion, string markdown) =>
        client.Connection.InvokeAsync<SharedNoteResult>("EditSharedNote", client.RoomId, baseVersion, markdown);

    private static Task WaitForNoteVersionAsync(RoomClient client, long version) =>
        client.WaitUntilAsync(c => c.View.Of<SharedNoteEdited>().Any(e => e.Version == version), $"notes version {version} has arrived");

    private static async Task<PrivateNoteDto> SaveMyNoteAsync(HttpClient client, string roomId, long baseVersion, string markdown)
    {
        using var response = await client.PutAsJsonAsync($"/api/roundtables/{roomId}/my-note", new { baseVersion, markdown });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PrivateNoteDto>(Json.Options))!;
    }

    [Fact]
    public async Task TwoEditorsFromTheSameBaseOnDifferentLinesBothKeepTheirChanges()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await using var liam = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        var first = await EditAsync(lena, 0, "# Notes\none\ntwo\nthree\nfour");
        Assert.Equal((SharedNoteOutcome.Saved, 1L), (first.Outcome, first.Note.Version));

        var results = await Task.WhenAll(
            EditAsync(lena, 1, "# Notes\nONE by Lena\ntwo\nthree\nfour"),
            EditAsync(liam, 1, "# Notes\none\ntwo\nthree\nFOUR by Liam"));

        Assert.All(results, r => Assert.NotEqual(SharedNoteOutcome.Conflict, r.Outcome));
        Assert.Contains(results, r => r.Outcome == SharedNoteOutcome.Merged);
        const string merged = "# Notes\nONE by Lena\ntwo\nthree\nFOUR by Liam";
        Assert.Equal(merged, results.MaxBy(r => r.Note.Version)!.Note.Markdown);
        foreach (var client in new[] { lena, liam })
        {
            await WaitForNoteVersionAsync(client, 3);
            Assert.Equal(merged, client.View.Of<SharedNoteEdited>().Last().Markdown);
        }
        Assert.Equal("<h1>Notes</h1>\n<p>ONE by Lena<br>\ntwo<br>\nthree<br>\nFOUR by Liam</p>", lena.View.Of<SharedNoteEdited>().Last().Html);
    }

    [Fact]
    public async Task EditsOfTheSameLinesConflictAndTheLoserGetsTheWinnersTextToReapplyTo()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await using var liam = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        await EditAsync(lena, 0, "Agenda\nitem\nend");

        var results = await Task.WhenAll(EditAsync(lena, 1, "Agenda\nLena's item\nend"), EditAsync(liam, 1, "Agenda\nLiam's item\nend"));

        var winner = Assert.Single(results, r => r.Outcome == SharedNoteOutcome.Saved);
        var loser = Assert.Single(results, r => r.Outcome == SharedNoteOutcome.Conflict);
        Assert.StartsWith("Someone changed the same lines (line 2)", loser.Message);
        Assert.Equal(winner.Note, loser.Note);
        var log = await LogReader.RoomEventsAsync(Server, roomId);
        Assert.Equal(2, log.Of<SharedNoteEdited>().Count());

        // Re-applied on top of their version, both are kept.
        var loserClient = winner.Note.Markdown.Contains("Lena") ? liam : lena;
        var reapplied = await EditAsync(loserClient, loser.Note.Version, loser.Note.Markdown.Replace("end", "and also: the other item\nend"));
        Assert.Equal(SharedNoteOutcome.Saved, reapplied.Outcome);
        Assert.Contains(winner.Note.Markdown.Split('\n')[1], reapplied.Note.Markdown);
        Assert.Contains("the other item", reapplied.Note.Markdown);
    }

    [Fact]
    public async Task AnEditIdenticalToTheCurrentNotesStoresNothing()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await EditAsync(lena, 0, "same");

        var again = await EditAsync(lena, 1, "same");

        Assert.Equal((SharedNoteOutcome.Unchanged, 1L), (again.Outcome, again.Note.Version));
        Assert.Single((await LogReader.RoomEventsAsync(Server, roomId)).Of<SharedNoteEdited>());
    }

    [Fact]
    public async Task ALateJoinerAndAReconnectedClientSeeTheSameNotesAsOneThatNeverLeft()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        var lastSeen = lena.LastContiguousSeq;
        await lena.DisposeAsync();

        await EditAsync(coach, 0, "first");
        await EditAsync(coach, 1, "first\nsecond");
        await WaitForNoteVersionAsync(coach, 2);

        await using var back = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail));
        await back.JoinAsync(roomId, lastSeen);
        await using var late = await JoinAsync(RoundtableFactory.LiamEmail, roomId);

        var expected = coach.View.Of<SharedNoteEdited>().Last();
        Assert.Equal(expected, back.View.Of<SharedNoteEdited>().Last());
        var snapshot = late.Joined!.Snapshot.Part<SharedNotesSnapshot>()!.SharedNote!;
        Assert.Equal((expected.Version, expected.Markdown, expected.Html, expected.EditorName), (snapshot.Version, snapshot.Markdown, snapshot.Html, snapshot.EditorName));
    }

    [Fact]
    public async Task AfterTheEndLearnersAreRefusedAndStaffMayStillEdit()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await coach.Connection.InvokeAsync("StartRoundtable", roomId);
        await coach.Connection.InvokeAsync("EndRoundtable", roomId);

        var refused = await Assert.ThrowsAsync<HubException>(() => EditAsync(lena, 0, "late"));
        Assert.Contains("has ended", refused.Message);
        var summary = await EditAsync(coach, 0, "Summary by the coach");
        Assert.Equal(SharedNoteOutcome.Saved, summary.Outcome);
    }

    [Fact]
    public async Task BadEditsAreRefusedClearlyStoreNothingAndTheConnectionKeepsWorking()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);

        var tooBig = await Assert.ThrowsAsync<HubException>(() => EditAsync(lena, 0, new string('x', NoteLimits.MaxNoteBytes + 1)));
        Assert.Contains("the limit is 32 KB", tooBig.Message);
        var unknownVersion = await Assert.ThrowsAsync<HubException>(() => EditAsync(lena, 7, "x"));
        Assert.Contains("no version 7", unknownVersion.Message);
        var noText = await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync<SharedNoteResult>("EditSharedNote", roomId, 0L, null));
        Assert.Contains("Malformed edit", noText.Message);
        var negative = await Assert.ThrowsAsync<HubException>(() => EditAsync(lena, -1, "x"));
        Assert.Contains("cannot be negative", negative.Message);
        var noRoom = await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync<SharedNoteResult>("EditSharedNote", "0123456789abcdef0123456789abcdef", 0L, "x"));
        Assert.Contains("There is no roundtable", noRoom.Message);

        Assert.Empty((await LogReader.RoomEventsAsync(Server, roomId)).Of<SharedNoteEdited>());
        Assert.Equal(SharedNoteOutcome.Saved, (await EditAsync(lena, 0, "fine")).Outcome);
    }

    [Fact]
    public async Task SharedNotesAreReadAndExportedAsMarkdownByMembersOnly()
    {
        var roomId = await Server.NewRoundtableAsync("Notes export");
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await EditAsync(lena, 0, "# Takeaways\n\n- ask *why* twice");

        using var liam = await Server.ClientAsAsync(RoundtableFactory.LiamEmail);
        using var export = await liam.GetAsync($"/api/roundtables/{roomId}/notes.md");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/markdown", export.Content.Headers.ContentType!.MediaType);
        Assert.Equal("# Takeaways\n\n- ask *why* twice", await export.Content.ReadAsStringAsync());

        var notes = await liam.GetFromJsonAsync<SharedNoteDto>($"/api/roundtables/{roomId}/notes", Json.Options);
        Assert.Equal((1L, "Notes export", "<h1>Takeaways</h1>\n<ul>\n<li>ask <em>why</em> twice</li>\n</ul>", "Lena Learner"),
            (notes!.Version, notes.Title, notes.Html, notes.EditorName));

        var email = $"outsider-{Guid.NewGuid():N}@example.com";
        await Server.NewUserAsync(email);
        using var outsider = await Server.ClientAsAsync(email);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/roundtables/{roomId}/notes.md")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/roundtables/{roomId}/notes")).StatusCode);
    }

    [Fact]
    public async Task TheTranscriptRecordsWhoEditedTheNotes()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await EditAsync(lena, 0, "x");

        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var transcript = await coach.GetStringAsync($"/api/roundtables/{roomId}/transcript");
        Assert.Contains("Lena Learner edited the shared notes (version 1)", transcript);
    }

    [Fact]
    public async Task APrivateNoteIsSavedReadBackAtOnceAndSeenByNobodyElse()
    {
        var roomId = await Server.NewRoundtableAsync();
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        var secret = $"my **own** thoughts {Guid.NewGuid():N}";

        var saved = await SaveMyNoteAsync(lena, roomId, 0, secret);
        Assert.Equal((1L, secret, $"<p>my <strong>own</strong> thoughts {secret[^32..]}</p>"), (saved.Version, saved.Markdown, saved.Html));
        var read = await lena.GetFromJsonAsync<PrivateNoteDto>($"/api/roundtables/{roomId}/my-note", Json.Options);
        Assert.Equal(saved, read);

        foreach (var email in new[] { RoundtableFactory.LiamEmail, RoundtableFactory.CoachEmail, RoundtableFactory.AdminEmail, RoundtableFactory.ManagerEmail })
        {
            using var other = await Server.ClientAsAsync(email);
            var theirs = await other.GetFromJsonAsync<PrivateNoteDto>($"/api/roundtables/{roomId}/my-note", Json.Options);
            Assert.Equal((0L, ""), (theirs!.Version, theirs.Markdown));
            Assert.DoesNotContain(secret, await other.GetStringAsync("/api/my-notes"));
            Assert.DoesNotContain(secret, await other.GetStringAsync($"/api/roundtables/{roomId}/transcript?format=json"));
            Assert.DoesNotContain(secret, await other.GetStringAsync($"/api/roundtables/{roomId}/notes.md"));
        }
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        Assert.DoesNotContain(coach.View, e => e.Event is PrivateNoteSaved);
        Assert.DoesNotContain((await LogReader.RoomEventsAsync(Server, roomId)), e => e.Event is PrivateNoteSaved);
    }

    [Fact]
    public async Task SavingAPrivateNoteFromAStaleVersionIsAConflict()
    {
        var roomId = await Server.NewRoundtableAsync();
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        await SaveMyNoteAsync(lena, roomId, 0, "first tab");
        await SaveMyNoteAsync(lena, roomId, 1, "first tab, again");

        using var stale = await lena.PutAsJsonAsync($"/api/roundtables/{roomId}/my-note", new { baseVersion = 1, markdown = "second tab" });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        Assert.Contains("saved elsewhere (version 2)", await stale.Content.ReadAsStringAsync());
        var read = await lena.GetFromJsonAsync<PrivateNoteDto>($"/api/roundtables/{roomId}/my-note", Json.Options);
        Assert.Equal((2L, "first tab, again"), (read!.Version, read.Markdown));
    }

    [Fact]
    public async Task BadPrivateNotesAreRefused()
    {
        var roomId = await Server.NewRoundtableAsync();
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);

        using var tooBig = await lena.PutAsJsonAsync($"/api/roundtables/{roomId}/my-note", new { baseVersion = 0, markdown = new string('x', NoteLimits.MaxNoteBytes + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Contains("the limit is 32 KB", await tooBig.Content.ReadAsStringAsync());
        using var noText = await lena.PutAsJsonAsync($"/api/roundtables/{roomId}/my-note", new { baseVersion = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, noText.StatusCode);
        using var negative = await lena.PutAsJsonAsync($"/api/roundtables/{roomId}/my-note", new { baseVersion = -1, markdown = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        using var unknown = await lena.PutAsJsonAsync("/api/roundtables/0123456789abcdef0123456789abcdef/my-note", new { baseVersion = 0, markdown = "x" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var read = await lena.GetFromJsonAsync<PrivateNoteDto>($"/api/roundtables/{roomId}/my-note", Json.Options);
        Assert.Equal(0L, read!.Version);
    }

    [Fact]
    public async Task MyNotesListsOnlyMyOwnNotesNewestFirstWithTitles()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var email = $"writer-{Guid.NewGuid():N}@example.com";
        await Server.NewUserAsync(email, cohortId);
        var older = await Server.NewRoundtableAsync("Older session");
        var newer = await Server.NewRoundtableAsync("Newer session");
        var emptied = await Server.NewRoundtableAsync("Emptied session");
        using var writer = await Server.ClientAsAsync(email);
        await SaveMyNoteAsync(writer, older, 0, "older thoughts");
        await SaveMyNoteAsync(writer, newer, 0, "newer thoughts");
        await SaveMyNoteAsync(writer, emptied, 0, "gone soon");
        await SaveMyNoteAsync(writer, emptied, 1, "");
        await SaveMyNoteAsync(writer, older, 1, "older thoughts, revised");

        var mine = await writer.GetFromJsonAsync<PrivateNoteDto[]>("/api/my-notes", Json.Options);

        Assert.Equal([("Older session", "older thoughts, revised"), ("Newer session", "newer thoughts")], mine!.Select(n => (n.Title, n.Markdown)));
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        Assert.DoesNotContain("older thoughts", await lena.GetStringAsync("/api/my-notes"));
    }

    [Fact]
    public async Task EarlierNotesListTheCohortsEarlierRoundtablesWithSharedOrMyNotes()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var start = DateTimeOffset.UtcNow.AddYears(-5);
        async Task<string> Schedule(string title, int daysLater)
        {
            using var response = await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/roundtables", new { title, scheduledStart = start.AddDays(daysLater), durationMinutes = 60 });
            return (await response.Content.ReadFromJsonAsync<RoundtableDto>(Json.Options))!.Id;
        }
        var withShared = await Schedule("Earlier with shared notes", 0);
        var withMine = await Schedule("Earlier with my note", 1);
        await Schedule("Earlier without notes", 2);
        var current = await Schedule("Current", 3);
        var later = await Schedule("Later", 4);

        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, withShared);
        await EditAsync(coach, 0, "shared takeaways");
        await using var laterClient = await JoinAsync(RoundtableFactory.CoachEmail, later);
        await EditAsync(laterClient, 0, "from the future");
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        await SaveMyNoteAsync(lena, withMine, 0, "my earlier note");

        var listed = await WaitForEarlierNotesAsync(lena, current, 2);
        Assert.Equal([("Earlier with my note", false, true), ("Earlier with shared notes", true, false)], listed.Select(n => (n.Title, n.HasSharedNotes, n.HasMyNote)));
        using var liam = await Server.ClientAsAsync(RoundtableFactory.LiamEmail);
        Assert.Equal(["Earlier with shared notes"], (await WaitForEarlierNotesAsync(liam, current, 1)).Select(n => n.Title));
    }

    // Shared notes reach this list through the projection, a moment after the edit.
    private static async Task<EarlierNotesDto[]> WaitForEarlierNotesAsync(HttpClient client, string roomId, int count)
    {
        EarlierNotesDto[] listed = [];
        await Eventually.UntilAsync(async () =>
        {
            listed = (await client.GetFromJsonAsync<EarlierNotesDto[]>($"/api/roundtables/{roomId}/earlier-notes", Json.Options))!;
            return listed.Length >= count;
        }, $"{count} earlier notes are listed", RoomClient.Timeout);
        return listed;
    }
}
