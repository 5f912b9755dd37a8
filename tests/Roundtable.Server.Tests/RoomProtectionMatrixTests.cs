using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Directory;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// Whoever a room keeps out is kept out of every way in (docs/ACCESS.md, "Room protections"): each bar (a locked room
/// they were not let into, another breakout group's room, removed by the coach, removed from the cohort) × each path
/// (Join, Catchup, one command of every feature, the transcript, the notes, the summary). A refusal says why, with the
/// same sentence the door says, and stores nothing.
/// </summary>
public sealed class RoomProtectionMatrixTests(RoomProtectionScenes scenes) : IClassFixture<RoomProtectionScenes>
{
    public static readonly string[] Bars = ["locked", "other group", "removed from room", "removed from cohort"];

    public static readonly string[] HubPaths =
    [
        "Join", "Catchup", "PostMessage", "EditSharedNote", "RaiseHand", "AskQuestion", "UpvoteQuestion", "VoteInPoll",
        "SubmitFeedback", "RateSession", "ShareSlides", "AddAgendaTopic", "LockRoom", "AskToJoin", "ChooseBreakoutGroup",
        "GetMediaAccess", "ReportMediaState",
    ];

    public static readonly string[] HttpPaths = ["transcript", "replay", "notes", "notes.md", "summary"];

    public static TheoryData<string, string> HubMatrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var bar in Bars)
        {
            foreach (var path in HubPaths)
            {
                data.Add(bar, path);
            }
        }
        return data;
    }

    public static TheoryData<string, string> HttpMatrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var bar in Bars)
        {
            foreach (var path in HttpPaths)
            {
                data.Add(bar, path);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(HubMatrix))]
    public async Task EveryHubPathRefusesWhomTheRoomKeepsOut(string bar, string path)
    {
        var scene = await scenes.SceneAsync(bar);
        var server = scenes.Server;
        await using var caller = await RoomClient.ConnectAsync(server, await server.TokenAsync(scene.BarredEmail));
        var before = await LogReader.RoomVersionAsync(server, scene.RoomId);

        var call = Invoke(caller.Connection, path, scene);
        if (bar == "locked" && path == "AskToJoin")
        {
            // The one way in that stays open at a locked door: asking to be let in.
            var asked = (AskToJoinResult)(await call)!;
            Assert.True(asked.Waiting);
            return;
        }
        var refused = await Assert.ThrowsAsync<HubException>(() => call);
        Assert.EndsWith("HubException: " + scene.Reason, refused.Message);
        Assert.Equal(before, await LogReader.RoomVersionAsync(server, scene.RoomId));
        Assert.DoesNotContain(caller.Received, e => e.RoomId == scene.RoomId);
    }

    [Theory]
    [MemberData(nameof(HttpMatrix))]
    public async Task EveryHttpPathRefusesWhomTheRoomKeepsOut(string bar, string path)
    {
        var scene = await scenes.SceneAsync(bar);
        using var api = await scenes.Server.ClientAsAsync(scene.BarredEmail);
        using var response = await api.GetAsync(path == "summary"
            ? $"/api/roundtables/{scene.RoomId}/summary"
            : path == "transcript" ? $"/api/roundtables/{scene.RoomId}/transcript?format=json" : $"/api/roundtables/{scene.RoomId}/{path}");

        // Outside the cohort the room is not theirs to know of (404, as for any outsider); inside it, 403 says why.
        if (bar == "removed from cohort")
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options);
        Assert.Equal(scene.Reason, problem!.Detail);
    }

    [Theory]
    [MemberData(nameof(HttpMatrix))]
    public async Task TheSamePathsStayOpenToTheCoach(string bar, string path)
    {
        // Staff are never kept out: the coach reads every room of the scene, a breakout group included.
        var scene = await scenes.SceneAsync(bar);
        using var api = await scenes.Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        using var response = await api.GetAsync(path == "summary"
            ? $"/api/roundtables/{scene.RoomId}/summary"
            : $"/api/roundtables/{scene.RoomId}/{path}");
        // A breakout group has no summary of its own (its main room has), and the scene's rooms are live, so a replay
        // waits for their end (409 comes after access is granted); what matters is that nothing refuses the coach.
        var expected = path switch
        {
            "summary" when bar == "other group" => HttpStatusCode.NotFound,
            "replay" => HttpStatusCode.Conflict,
            _ => HttpStatusCode.OK,
        };
        Assert.Equal(expected, response.StatusCode);
    }

    private static async Task<object?> Invoke(HubConnection c, string path, RoomProtectionScene scene)
    {
        var room = scene.RoomId;
        switch (path)
        {
            case "Join":
                return await c.InvokeAsync<JoinResult>("Join", new JoinRequest(room, RoomProtocol.Version));
            case "Catchup":
                return await c.InvokeAsync<CatchupResult>("Catchup", room, 0L);
            case "PostMessage":
                return await c.InvokeAsync<PostMessageResult>("PostMessage", new PostMessageRequest(room, "let me in", null));
            case "EditSharedNote":
                return await c.InvokeAsync<SharedNoteResult>("EditSharedNote", room, 0L, "my notes");
            case "RaiseHand":
                await c.InvokeAsync("RaiseHand", room);
                return null;
            case "AskQuestion":
                return await c.InvokeAsync<long>("AskQuestion", room, "a question?", false);
            case "UpvoteQuestion":
                await c.InvokeAsync("UpvoteQuestion", room, scene.QuestionId);
                return null;
            case "VoteInPoll":
                return await c.InvokeAsync<PollVoteResult>("VoteInPoll", room, scene.PollId, new[] { 0 });
            case "SubmitFeedback":
                return await c.InvokeAsync<FeedbackReceipt>("SubmitFeedback", room, new SubmitFeedbackRequest("p-1", new Dictionary<string, int> { ["c"] = 3 }, null));
            case "RateSession":
                await c.InvokeAsync("RateSession", room, 5, null);
                return null;
            case "ShareSlides":
                await c.InvokeAsync("ShareSlides", room, "# One\n---\n# Two");
                return null;
            case "AddAgendaTopic":
                await c.InvokeAsync("AddAgendaTopic", room, "A topic");
                return null;
            case "LockRoom":
                await c.InvokeAsync("LockRoom", room);
                return null;
            case "AskToJoin":
                return await c.InvokeAsync<AskToJoinResult>("AskToJoin", room);
            case "ChooseBreakoutGroup":
                await c.InvokeAsync("ChooseBreakoutGroup", room, room);
                return null;
            case "GetMediaAccess":
                return await c.InvokeAsync<MediaAccess>("GetMediaAccess", room);
            case "ReportMediaState":
                await c.InvokeAsync("ReportMediaState", room, true, true, true);
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(path), path, null);
        }
    }
}

/// <summary>One room and one person it keeps out: the room has an open poll and a question, so a vote or an upvote would otherwise count.</summary>
public sealed record RoomProtectionScene(string RoomId, string BarredEmail, string Reason, long PollId, long QuestionId);

/// <summary>The four scenes, each built once (refusals change nothing, so every path meets the same room).</summary>
public sealed class RoomProtectionScenes : IAsyncLifetime
{
    private readonly Dictionary<string, RoomProtectionScene> _scenes = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<IAsyncDisposable> _clients = [];

    public RoundtableFactory Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await new RoundtableFactory().StartAsync();

    public async Task<RoomProtectionScene> SceneAsync(string bar)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_scenes.TryGetValue(bar, out var scene))
            {
                _scenes[bar] = scene = bar switch
                {
                    "locked" => await LockedAsync(),
                    "other group" => await OtherGroupAsync(),
                    "removed from room" => await RemovedFromRoomAsync(),
                    _ => await RemovedFromCohortAsync(),
                };
            }
            return scene;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A live room with the coach and Lena in it, a poll and a question; locked; Liam was never in.</summary>
    private async Task<RoomProtectionScene> LockedAsync()
    {
        var (roomId, coach, pollId, questionId) = await LiveRoomAsync(RoundtableFactory.LenaEmail);
        await coach.Connection.InvokeAsync("LockRoom", roomId);
        return new RoomProtectionScene(roomId, RoundtableFactory.LiamEmail, ModerationFeature.WaitingMessage, pollId, questionId);
    }

    /// <summary>Lena's breakout group (with a poll and her question); Noor is in the other group.</summary>
    private async Task<RoomProtectionScene> OtherGroupAsync()
    {
        var (mainId, coach, _, _) = await LiveRoomAsync(RoundtableFactory.LenaEmail, RoundtableFactory.NoorEmail);
        var lenaId = await UserIdAsync(RoundtableFactory.LenaEmail);
        var noorId = await UserIdAsync(RoundtableFactory.NoorEmail);
        var open = (await coach.Connection.InvokeAsync<BreakoutsView?>("OpenBreakouts", mainId,
            new OpenBreakoutsRequest(BreakoutStrategy.Manual, 2, 30, new Dictionary<string, int> { [lenaId] = 0, [noorId] = 1 })))!;
        var group = open.Groups.Single(g => g.Members.Any(m => m.UserId == lenaId));
        var (pollId, questionId) = await PollAndQuestionAsync(group.RoomId, RoundtableFactory.LenaEmail);
        return new RoomProtectionScene(group.RoomId, RoundtableFactory.NoorEmail,
            $"You are not in {group.Name}; the main roundtable shows your group.", pollId, questionId);
    }

    /// <summary>Theo was in the live room and the coach removed him.</summary>
    private async Task<RoomProtectionScene> RemovedFromRoomAsync()
    {
        var (roomId, coach, pollId, questionId) = await LiveRoomAsync(RoundtableFactory.LenaEmail, RoundtableFactory.TheoEmail);
        await coach.Connection.InvokeAsync("RemoveParticipant", roomId, await UserIdAsync(RoundtableFactory.TheoEmail));
        return new RoomProtectionScene(roomId, RoundtableFactory.TheoEmail, ModerationFeature.RemovedMessage, pollId, questionId);
    }

    /// <summary>A learner who was in the live room, then removed from the cohort by the admin.</summary>
    private async Task<RoomProtectionScene> RemovedFromCohortAsync()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var email = $"leaver-{Guid.NewGuid():N}@example.com";
        var userId = await Server.NewUserAsync(email, cohortId, CohortRole.Learner);
        var (roomId, _, pollId, questionId) = await LiveRoomAsync(RoundtableFactory.LenaEmail, email);
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        using var removed = await admin.DeleteAsync($"/api/cohorts/{cohortId}/members/{userId}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        return new RoomProtectionScene(roomId, email, "You are not a member of this roundtable's cohort.", pollId, questionId);
    }

    /// <summary>A live room of its own with the coach and these learners in it, an open poll, and the first learner's question.</summary>
    private async Task<(string RoomId, RoomClient Coach, long PollId, long QuestionId)> LiveRoomAsync(params string[] learners)
    {
        var roomId = await Server.NewRoundtableAsync("Protection test");
        var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await coach.Connection.InvokeAsync("StartRoundtable", roomId);
        foreach (var email in learners)
        {
            await JoinAsync(email, roomId);
        }
        var (pollId, questionId) = await PollAndQuestionAsync(roomId, learners[0]);
        return (roomId, coach, pollId, questionId);
    }

    private async Task<(long PollId, long QuestionId)> PollAndQuestionAsync(string roomId, string askerEmail)
    {
        var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        var pollId = await coach.Connection.InvokeAsync<long>("OpenPoll", roomId, new OpenPollRequest("Which?", ["A", "B"], false, false));
        var asker = await JoinAsync(askerEmail, roomId);
        var questionId = await asker.Connection.InvokeAsync<long>("AskQuestion", roomId, "Why?", false);
        return (pollId, questionId);
    }

    /// <summary>Joined and kept open for the fixture's life, so everyone stays present.</summary>
    private async Task<RoomClient> JoinAsync(string email, string roomId)
    {
        var client = await RoomClient.JoinAsync(Server, await Server.TokenAsync(email), roomId);
        _clients.Add(client);
        return client;
    }

    private async Task<string> UserIdAsync(string email)
    {
        using var client = await Server.ClientAsAsync(email);
        return (await client.GetFromJsonAsync<Roundtable.Server.Accounts.UserDto>("/api/me", Json.Options))!.Id;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
        await Server.DisposeAsync();
    }
}
