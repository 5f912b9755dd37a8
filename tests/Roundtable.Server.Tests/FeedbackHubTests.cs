using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Feedback;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>Feedback through the real hub: concurrency, what reaches whom on the wire, and refusals that store nothing.</summary>
public sealed class FeedbackHubTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    /// <summary>A live room with the coach, Lena presenting, and feedback open on her presentation.</summary>
    private sealed record FeedbackRoom(string RoomId, string CohortId, Rubric Rubric, RoomClient Coach, RoomClient Lena, string PresentationId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Coach.DisposeAsync();
            await Lena.DisposeAsync();
        }
    }

    private static readonly object RubricDraft = new
    {
        name = "Pitch rubric",
        description = "For short pitches.",
        criteria = new object[]
        {
            new { name = "Clarity", description = "Easy to follow", levels = new[] { "Lost", "Patchy", "Mostly clear", "Clear", "Crystal" }, weight = 2.0 },
            new { name = "Evidence", description = "Backed by facts", levels = new[] { "None", "Thin", "Some", "Good", "Compelling" }, weight = 1.0 },
        },
        prompts = new object[] { new { text = "What worked?" }, new { text = "One thing to improve" } },
    };

    private static async Task<Rubric> CreateRubricAsync(RoundtableFactory server, string cohortId)
    {
        using var coach = await server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var cohort = await coach.GetFromJsonAsync<CohortDto>($"/api/cohorts/{cohortId}", Json.Options);
        using var response = await coach.PostAsJsonAsync($"/api/programs/{cohort!.ProgramId}/rubrics", RubricDraft, Json.Options);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json.Options)).GetProperty("rubric").Deserialize<Rubric>(Json.Options)!;
    }

    private Task<FeedbackRoom> OpenFeedbackAsync(FeedbackAnonymity anonymity, FeedbackModeration? moderation = null) =>
        OpenFeedbackAsync(Server, anonymity, null, moderation);

    private static async Task<FeedbackRoom> OpenFeedbackAsync(
        RoundtableFactory server, FeedbackAnonymity anonymity, int? autoCloseMinutes, FeedbackModeration? moderation = null)
    {
        var ids = await AgendaStageHubTests.MemberIdsAsync(server);
        var (cohortId, _) = await server.SeededCohortAsync();
        var rubric = await CreateRubricAsync(server, cohortId);
        var (roomId, coach) = await AgendaStageHubTests.StartedRoomAsync(server);
        var lena = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await coach.Connection.InvokeAsync("AddPresentationSlot", roomId, ids[RoundtableFactory.LenaEmail], 5);
        await coach.Connection.InvokeAsync("StartPresentation", roomId, "item-1");
        await coach.Connection.InvokeAsync("OpenFeedback", roomId, new OpenFeedbackRequest("presentation-1", rubric.RubricId, anonymity, autoCloseMinutes, moderation));
        return new FeedbackRoom(roomId, cohortId, rubric, coach, lena, "presentation-1");
    }

    private Task<(RoomClient Client, string UserId, string Name)> NewPeerAsync(FeedbackRoom room, string name) => NewPeerAsync(Server, room, name);

    private static async Task<(RoomClient Client, string UserId, string Name)> NewPeerAsync(RoundtableFactory server, FeedbackRoom room, string name)
    {
        var email = $"{Guid.NewGuid():N}@peers.test";
        var userId = await server.NewUserAsync(email, room.CohortId, displayName: name);
        var client = await RoomClient.JoinAsync(server, await server.TokenAsync(email), room.RoomId);
        return (client, userId, name);
    }

    private static SubmitFeedbackRequest Feedback(string presentationId, int clarity, int evidence, string? worked = null) => new(
        presentationId,
        new Dictionary<string, int> { ["clarity"] = clarity, ["evidence"] = evidence },
        worked is null ? null : new Dictionary<string, string?> { ["what-worked"] = worked });

    /// <summary>The presenter's latest aggregate, once it counts <paramref name="submissions"/>.</summary>
    private static async Task<FeedbackAggregate> AggregateAsync(RoomClient client, FeedbackAudience audience, int submissions)
    {
        await client.WaitUntilAsync(
            c => c.FeedbackUpdates.LastOrDefault(u => u.For == audience)?.View?.Aggregate?.Submissions == submissions,
            $"the {audience} aggregate counts {submissions} submissions");
        return client.FeedbackUpdates.Last(u => u.For == audience).View!.Aggregate!;
    }

    [Fact]
    public async Task ConcurrentSubmissionsAndRevisionsEndInTheAggregateRecomputedFromTheLog()
    {
        await using var room = await OpenFeedbackAsync(FeedbackAnonymity.Named);
        var peers = new List<(RoomClient Client, string UserId, string Name)>();
        for (var i = 0; i < 12; i++)
        {
            peers.Add(await NewPeerAsync(room, $"Peer {i}"));
        }
        try
        {
            var random = new Random(7);
            var first = peers.Select(p => (p, Clarity: random.Next(1, 6), Evidence: random.Next(1, 6))).ToList();
            await Task.WhenAll(first.Select(f => f.p.Client.Connection.InvokeAsync<FeedbackReceipt>(
                "SubmitFeedback", room.RoomId, Feedback(room.PresentationId, f.Clarity, f.Evidence, $"Nice pacing from {f.p.Name}"))));
            // Half of them revise, all at once.
            var revised = first.Take(6).Select(f => (f.p, Clarity: random.Next(1, 6), Evidence: random.Next(1, 6))).ToList();
            var receipts = await Task.WhenAll(revised.Select(f => f.p.Client.Connection.InvokeAsync<FeedbackReceipt>(
                "SubmitFeedback", room.RoomId, Feedback(room.PresentationId, f.Clarity, f.Evidence, "Revised"))));
            Assert.All(receipts, r => Assert.Equal(2, r.Revision));

            // Recomputed from the stored log alone: the latest submission of each peer.
            var log = await LogReader.RoomEventsAsync(Server, room.RoomId);
            var latest = log.Of<FeedbackSubmitted>().Where(e => e.Kind == FeedbackKind.Peer).GroupBy(e => e.UserId).Select(g => g.Last()).ToList();
            Assert.Equal(12, latest.Count);
            Assert.Equal(18, log.Of<FeedbackSubmitted>().Count());
            var tally = new FeedbackTally(room.Rubric);
            foreach (var e in latest)
            {
                tally.Add(e.Scores);
            }
            var expected = tally.ToAggregate();
            // ...and from what the peers sent, without the server's help.
            var sent = first.Skip(6).Select(f => (f.Clarity, f.Evidence)).Concat(revised.Select(f => (f.Clarity, f.Evidence))).ToList();
            Assert.Equal(sent.Average(s => s.Clarity), expected.Criteria[0].Mean!.Value, 9);
            Assert.Equal(sent.Average(s => s.Evidence), expected.Criteria[1].Mean!.Value, 9);
            Assert.Equal((2 * sent.Average(s => s.Clarity) + sent.Average(s => s.Evidence)) / 3, expected.Overall!.Value, 9);

            var presenter = await AggregateAsync(room.Lena, FeedbackAudience.Presenter, 12);
            await room.Lena.WaitUntilAsync(c => c.FeedbackUpdates.Last(u => u.For == FeedbackAudience.Presenter).Seq == log[^1].Seq, "the last update");
            AssertSameAggregate(expected, room.Lena.FeedbackUpdates.Last(u => u.For == FeedbackAudience.Presenter).View!.Aggregate!);
            await room.Coach.WaitUntilAsync(c => c.FeedbackUpdates.Last(u => u.For == FeedbackAudience.Staff).Seq == log[^1].Seq, "the coach's last update");
            AssertSameAggregate(expected, room.Coach.FeedbackUpdates.Last(u => u.For == FeedbackAudience.Staff).View!.Aggregate!);

            // After a reconnect (a fresh join), the same.
            await using var again = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), room.RoomId);
            var view = Assert.Single(again.Joined!.Snapshot.Part<FeedbackSnapshot>()!.Feedback!);
            AssertSameAggregate(expected, view.Aggregate!);
            Assert.Equal(12, view.Submitted);
        }
        finally
        {
            foreach (var p in peers)
            {
                await p.Client.DisposeAsync();
            }
        }
    }

    private static void AssertSameAggregate(FeedbackAggregate expected, FeedbackAggregate actual)
    {
        Assert.Equal(expected.Submissions, actual.Submissions);
        Assert.Equal(expected.Overall!.Value, actual.Overall!.Value, 9);
        foreach (var (e, a) in expected.Criteria.Zip(actual.Criteria))
        {
            Assert.Equal(e.CriterionId, a.CriterionId);
            Assert.Equal(e.Count, a.Count);
            Assert.Equal(e.Mean!.Value, a.Mean!.Value, 9);
            Assert.Equal(e.Distribution, a.Distribution);
        }
    }

    [Theory]
    [InlineData(FeedbackAnonymity.AnonymousToPresenter)]
    [InlineData(FeedbackAnonymity.FullyAnonymous)]
    public async Task NoPayloadToThePresenterCarriesAGiversNameOrId(FeedbackAnonymity anonymity)
    {
        await using var room = await OpenFeedbackAsync(anonymity);
        var (peer, peerId, peerName) = await NewPeerAsync(room, $"Quentin Givername{Guid.NewGuid():N}"[..30]);
        await using var _ = peer;
        await peer.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", room.RoomId, Feedback(room.PresentationId, 4, 3, "Clear structure"));
        var receipt = await peer.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", room.RoomId, Feedback(room.PresentationId, 5, 3, "Clear structure, great close"));
        await room.Lena.Connection.InvokeAsync("RateFeedback", room.RoomId, room.PresentationId, receipt.SubmissionId, 3);
        await room.Lena.Connection.InvokeAsync("FlagFeedback", room.RoomId, room.PresentationId, receipt.SubmissionId, "Not sure about this");
        await room.Coach.Connection.InvokeAsync("CloseFeedback", room.RoomId, room.PresentationId);
        await room.Coach.Connection.InvokeAsync("ReleaseFeedback", room.RoomId, room.PresentationId);
        var last = await LogReader.RoomVersionAsync(Server, room.RoomId);
        await room.Lena.WaitForSeqAsync(last);
        await room.Lena.WaitUntilAsync(c => c.FeedbackUpdates.Any(u => u.Seq == last && u.For == FeedbackAudience.Presenter), "the presenter's last update");

        // Everything about feedback the presenter's page can get: live events and updates, a fresh join, catch-up, the
        // transcript, the history. (Their name is in the room's presence, as everyone's is; never next to feedback.)
        var payloads = room.Lena.RawPayloads.SelectMany(FeedbackParts).ToList();
        var join = await room.Lena.Connection.InvokeAsync<JsonElement>("Join", new JoinRequest(room.RoomId, RoomProtocol.Version));
        payloads.Add(join.GetProperty("snapshot").GetProperty("feedback").GetRawText());
        payloads.Add(join.GetProperty("snapshot").GetProperty("myFeedback").GetRawText());
        var catchup = await room.Lena.Connection.InvokeAsync<JsonElement>("Catchup", room.RoomId, 0L);
        payloads.AddRange(FeedbackParts(catchup.GetProperty("events").GetRawText()));
        payloads.Add(catchup.GetProperty("feedback").GetRawText());
        using var lenaHttp = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        var transcript = await lenaHttp.GetFromJsonAsync<JsonElement>($"/api/roundtables/{room.RoomId}/transcript?format=json", Json.Options);
        payloads.AddRange(FeedbackParts(transcript.GetProperty("events").GetRawText()));
        var markdown = await lenaHttp.GetStringAsync($"/api/roundtables/{room.RoomId}/transcript?format=markdown");
        payloads.AddRange(markdown.Split('\n').Where(line => line.Contains("feedback", StringComparison.OrdinalIgnoreCase)));
        var lenaId = join.GetProperty("userId").GetString();
        payloads.Add(await lenaHttp.GetStringAsync($"/api/users/{lenaId}/presentations"));

        Assert.Contains(payloads, p => p.Contains("great close", StringComparison.Ordinal));
        foreach (var payload in payloads)
        {
            Assert.DoesNotContain(peerName, payload, StringComparison.Ordinal);
            Assert.DoesNotContain(peerId, payload, StringComparison.Ordinal);
        }

        // Staff see the name only when the mode lets them.
        await room.Coach.WaitUntilAsync(c => c.FeedbackUpdates.Any(u => u.Seq == last && u.For == FeedbackAudience.Staff), "the coach's last update");
        var coachSeesName = room.Coach.RawPayloads.SelectMany(FeedbackParts).Any(p => p.Contains(peerName, StringComparison.Ordinal));
        Assert.Equal(anonymity == FeedbackAnonymity.AnonymousToPresenter, coachSeesName);
        // The giver always sees their own feedback, with the helpfulness it earned.
        await peer.WaitUntilAsync(c => c.FeedbackUpdates.Any(u => u.Mine?.Helpfulness == 3), "the giver sees the rating");
    }

    [Fact]
    public async Task HeldCommentsNeverReachThePresentersConnectionUntilACoachApprovesThemAndHiddenOnesNever()
    {
        await using var room = await OpenFeedbackAsync(FeedbackAnonymity.Named, FeedbackModeration.HeldForReview);
        var (ana, _, _) = await NewPeerAsync(room, "Ana Approved");
        await using var _a = ana;
        var (ben, _, _) = await NewPeerAsync(room, "Ben Hidden");
        await using var _b = ben;
        var token = Guid.NewGuid().ToString("N")[..8];
        var anas = await ana.InvokeAsync<FeedbackReceipt>("SubmitFeedback", room.RoomId, Feedback(room.PresentationId, 4, 3, $"First words {token}"));
        var bens = await ben.InvokeAsync<FeedbackReceipt>("SubmitFeedback", room.RoomId, Feedback(room.PresentationId, 2, 2, $"Unkind words {token}"));

        // The coach sees both, marked as held; the presenter gets the scores in the aggregate and no words.
        await room.Coach.WaitUntilAsync(c => c.FeedbackUpdates.Any(u => u.View?.Entries?.Any(e => e.SubmissionId == bens.SubmissionId && e.Held) == true), "Ben's held comment");
        var last = await LogReader.RoomVersionAsync(Server, room.RoomId);
        await room.Lena.WaitUntilAsync(c => c.FeedbackUpdates.Any(u => u.Seq >= last && u.View?.Submitted == 2), "the aggregate of both");
        await ben.WaitUntilAsync(c => c.FeedbackUpdates.Any(u => u.Mine?.Held == true), "Ben is told his words wait for review");
        Assert.DoesNotContain(await PresenterPayloadsAsync(room), p => p.Contains(token, StringComparison.Ordinal));

        await room.Coach.InvokeAsync("ModerateFeedback", room.RoomId, room.PresentationId, bens.SubmissionId, true);
        await room.Coach.InvokeAsync("ApproveFeedback", room.RoomId, room.PresentationId, new[] { anas.SubmissionId });
        await room.Lena.WaitUntilAsync(c => c.FeedbackUpdates.Any(u => u.View?.Entries?.Any(e => e.Answers.Any(a => a.Markdown == $"First words {token}")) == true), "Ana's approved words");

        // A revision with new words is held again: the presenter keeps the approved ones meanwhile.
        await ana.InvokeAsync<FeedbackReceipt>("SubmitFeedback", room.RoomId, Feedback(room.PresentationId, 4, 3, $"Second words {token}"));
        last = await LogReader.RoomVersionAsync(Server, room.RoomId);
        await room.Lena.WaitUntilAsync(c => c.FeedbackUpdates.Any(u => u.Seq >= last), "the update after Ana's revision");
        var payloads = await PresenterPayloadsAsync(room);
        Assert.Contains(payloads, p => p.Contains($"First words {token}", StringComparison.Ordinal));
        Assert.DoesNotContain(payloads, p => p.Contains($"Second words {token}", StringComparison.Ordinal));
        Assert.DoesNotContain(payloads, p => p.Contains($"Unkind words {token}", StringComparison.Ordinal));

        // "Release all" lets the revision through; the hidden comment stays hidden.
        await room.Coach.InvokeAsync("ApproveFeedback", room.RoomId, room.PresentationId, null);
        await room.Lena.WaitUntilAsync(c => c.FeedbackUpdates.Any(u => u.View?.Entries?.Any(e => e.Answers.Any(a => a.Markdown == $"Second words {token}")) == true), "Ana's revised words");
        Assert.DoesNotContain(await PresenterPayloadsAsync(room), p => p.Contains($"Unkind words {token}", StringComparison.Ordinal));
    }

    /// <summary>Everything about feedback the presenter's page can get: live payloads, a fresh join, catch-up, the transcript, the history.</summary>
    private async Task<List<string>> PresenterPayloadsAsync(FeedbackRoom room)
    {
        var payloads = room.Lena.RawPayloads.SelectMany(FeedbackParts).ToList();
        var join = await room.Lena.Connection.InvokeAsync<JsonElement>("Join", new JoinRequest(room.RoomId, RoomProtocol.Version));
        payloads.Add(join.GetProperty("snapshot").GetProperty("feedback").GetRawText());
        var catchup = await room.Lena.Connection.InvokeAsync<JsonElement>("Catchup", room.RoomId, 0L);
        payloads.AddRange(FeedbackParts(catchup.GetProperty("events").GetRawText()));
        payloads.Add(catchup.GetProperty("feedback").GetRawText());
        using var lenaHttp = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        payloads.Add(await lenaHttp.GetStringAsync($"/api/roundtables/{room.RoomId}/transcript?format=markdown"));
        payloads.Add(await lenaHttp.GetStringAsync($"/api/users/{join.GetProperty("userId").GetString()}/presentations"));
        return payloads;
    }

    [Fact]
    public async Task TheCoachPutsTheAggregateOnEveryonesStageAndTakesItDown()
    {
        await using var room = await OpenFeedbackAsync(FeedbackAnonymity.Named);
        var (peer, _, _) = await NewPeerAsync(room, "Sam Stage");
        await using var _ = peer;
        await peer.InvokeAsync<FeedbackReceipt>("SubmitFeedback", room.RoomId, Feedback(room.PresentationId, 4, 2, "Nice"));

        await room.Coach.InvokeAsync("ShowFeedbackOnStage", room.RoomId, room.PresentationId, true);
        await peer.WaitUntilAsync(c => c.FeedbackUpdates.Any(u => u.View is { OnStage: true, Aggregate.Submissions: 1 }), "the aggregate on the peer's stage");
        var onStage = peer.FeedbackUpdates.Last(u => u.View is not null).View!;
        Assert.Null(onStage.Entries);

        await room.Coach.InvokeAsync("ShowFeedbackOnStage", room.RoomId, room.PresentationId, false);
        await peer.WaitUntilAsync(c => c.FeedbackUpdates.Last(u => u.View is not null).View is { OnStage: false, Aggregate: null }, "the aggregate taken down");
        await Assert.ThrowsAsync<HubException>(() => room.Lena.InvokeAsync("ShowFeedbackOnStage", room.RoomId, room.PresentationId, true));
    }

    /// <summary>The feedback events of a payload of room events (or the whole payload, when it is a feedback update).</summary>
    private static IEnumerable<string> FeedbackParts(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        if (json.RootElement.ValueKind != JsonValueKind.Array)
        {
            return [payload];
        }
        return json.RootElement.EnumerateArray()
            .Select(e => e.GetProperty("event"))
            .Where(e => e.GetProperty("type").GetString() is { } type && (type.StartsWith("Feedback", StringComparison.Ordinal) || type == nameof(ReflectionWritten)))
            .Select(e => e.GetRawText())
            .ToList();
    }

    [Fact]
    public async Task BadFeedbackIsRefusedWithAClearMessageAndStoresNothing()
    {
        await using var room = await OpenFeedbackAsync(FeedbackAnonymity.Named);
        var (peer, _, _) = await NewPeerAsync(room, "Rita Refused");
        await using var _ = peer;
        var manager = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.ManagerEmail), room.RoomId);
        await using var __ = manager;
        var outsiderEmail = $"{Guid.NewGuid():N}@outside.test";
        await Server.NewUserAsync(outsiderEmail);
        var outsider = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(outsiderEmail));
        await using var ___ = outsider;
        var before = await LogReader.RoomVersionAsync(Server, room.RoomId);

        async Task Refused(RoomClient client, object request, string expected)
        {
            var error = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", room.RoomId, request));
            Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
        }

        await Refused(peer, Feedback(room.PresentationId, 6, 3), "from 1 to 5");
        await Refused(peer, Feedback(room.PresentationId, 0, 3), "from 1 to 5");
        await Refused(peer, new SubmitFeedbackRequest(room.PresentationId, new() { ["clarity"] = 3, ["evidence"] = 3, ["charisma"] = 4 }, null), "no criterion");
        await Refused(peer, new SubmitFeedbackRequest(room.PresentationId, new() { ["clarity"] = 3 }, null), "Score Evidence");
        await Refused(peer, Feedback(room.PresentationId, 3, 3, new string('x', FeedbackLimits.MaxAnswerBytes + 1)), "limit is 4 KB");
        await Refused(peer, Feedback("presentation-9", 3, 3), "not been opened");
        await Refused(room.Lena, Feedback(room.PresentationId, 5, 5), "self-assessment");
        await Refused(manager, Feedback(room.PresentationId, 3, 3), "learners");
        await Refused(outsider, Feedback(room.PresentationId, 3, 3), "not a member");
        await Assert.ThrowsAsync<HubException>(() => peer.Connection.InvokeAsync("SubmitFeedback", room.RoomId, (object?)null));
        await Assert.ThrowsAsync<HubException>(() => peer.Connection.InvokeAsync("CloseFeedback", room.RoomId, room.PresentationId));
        await Assert.ThrowsAsync<HubException>(() => peer.Connection.InvokeAsync("ReleaseFeedback", room.RoomId, room.PresentationId));
        await Assert.ThrowsAsync<HubException>(() => peer.Connection.InvokeAsync("OpenFeedback", room.RoomId,
            new OpenFeedbackRequest(room.PresentationId, room.Rubric.RubricId, FeedbackAnonymity.Named, null)));
        await Assert.ThrowsAsync<HubException>(() => room.Coach.Connection.InvokeAsync("OpenFeedback", room.RoomId,
            new OpenFeedbackRequest(room.PresentationId, "no-such-rubric", FeedbackAnonymity.Named, null)));
        Assert.Equal(before, await LogReader.RoomVersionAsync(Server, room.RoomId));

        // Closed: refused too, and still nothing stored.
        await room.Coach.Connection.InvokeAsync("CloseFeedback", room.RoomId, room.PresentationId);
        var closed = await LogReader.RoomVersionAsync(Server, room.RoomId);
        await Refused(peer, Feedback(room.PresentationId, 3, 3), "closed");
        Assert.Equal(closed, await LogReader.RoomVersionAsync(Server, room.RoomId));
    }

    [Fact]
    public async Task PeersGetAnEmptyPlaceholderForEachSubmissionInSeqOrderEvenWhenItWaitsForCompany()
    {
        await using var room = await OpenFeedbackAsync(FeedbackAnonymity.Named);
        var (giver, _, giverName) = await NewPeerAsync(room, "Gita Giver");
        var (other, _, _) = await NewPeerAsync(room, "Otto Other");
        await using var _ = giver;
        await using var __ = other;
        var submitted = await giver.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", room.RoomId, Feedback(room.PresentationId, 4, 4, "Strong finish"));
        // Straight after: a message, which must not overtake the placeholder on its way to the participants.
        var posted = await other.PostAsync("Thanks, Lena!");

        await other.WaitForSeqAsync(posted.Seq);
        var arrived = other.Received.Select(e => e.Seq).ToList();
        Assert.Equal(arrived.Order(), arrived);
        var placeholder = Assert.IsType<FeedbackSubmitted>(Assert.Single(other.Received, e => e.Seq == submitted.SubmissionId).Event);
        Assert.Null(placeholder.UserId);
        Assert.Empty(placeholder.Scores);
        Assert.Empty(placeholder.Answers);
        Assert.DoesNotContain(other.RawPayloads, p => p.Contains(giverName, StringComparison.Ordinal) && p.Contains("FeedbackSubmitted", StringComparison.Ordinal));

        // On its own, a placeholder still arrives (after the short wait for company).
        var alone = await giver.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", room.RoomId, Feedback(room.PresentationId, 5, 4, "Strong finish"));
        var version = await LogReader.RoomVersionAsync(Server, room.RoomId);
        await other.WaitForSeqAsync(version);
        Assert.Equal(2, alone.Revision);
    }

    [Fact]
    public async Task FeedbackClosesByItselfAtItsDeadlineAndLateFeedbackIsRefused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await new RoundtableFactory(time: clock).StartAsync();
        await using var room = await OpenFeedbackAsync(server, FeedbackAnonymity.Named, autoCloseMinutes: 2);
        var (peer, _, _) = await NewPeerAsync(server, room, "Dora Deadline");
        await using var _ = peer;
        await peer.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", room.RoomId, Feedback(room.PresentationId, 3, 4));

        clock.Advance(TimeSpan.FromMinutes(2));
        var closed = await room.Coach.WaitForEventAsync(e => e.Event is FeedbackWindowClosed, "feedback closes at its deadline");
        Assert.Null(((FeedbackWindowClosed)closed.Event).ByUserId);
        await room.Lena.WaitUntilAsync(c => c.FeedbackUpdates.Any(u => u.For == FeedbackAudience.Presenter && u.View!.Closed), "the presenter sees it closed");
        var late = await Assert.ThrowsAsync<HubException>(() => peer.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", room.RoomId, Feedback(room.PresentationId, 5, 5)));
        Assert.Contains("closed", late.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePresentersHistoryHoldsTheAggregateAndReflectionAndOnlyTheirPeopleMayReadIt()
    {
        await using var room = await OpenFeedbackAsync(FeedbackAnonymity.Named);
        var (peer, _, _) = await NewPeerAsync(room, "Hana Historian");
        await using var _ = peer;
        await peer.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", room.RoomId, Feedback(room.PresentationId, 4, 2, "Good opening"));
        await room.Coach.Connection.InvokeAsync("CloseFeedback", room.RoomId, room.PresentationId);
        await room.Lena.Connection.InvokeAsync("WriteReflection", room.RoomId, room.PresentationId, "Next time: **more evidence**.");
        var lenaId = room.Lena.Joined!.UserId;

        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        var history = await lena.GetFromJsonAsync<PresentationHistoryDto>($"/api/users/{lenaId}/presentations", Json.Options);
        var item = Assert.Single(history!.Presentations, p => p.RoundtableId == room.RoomId);
        Assert.Equal(4, item.Feedback!.Aggregate!.Criteria[0].Mean);
        Assert.Equal(2, item.Feedback.Aggregate.Criteria[1].Mean);
        Assert.Contains("<strong>more evidence</strong>", item.Feedback.Reflection!.Html);

        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        Assert.Equal(HttpStatusCode.OK, (await coach.GetAsync($"/api/users/{lenaId}/presentations")).StatusCode);
        using var liam = await Server.ClientAsAsync(RoundtableFactory.LiamEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await liam.GetAsync($"/api/users/{lenaId}/presentations")).StatusCode);
    }
}
