using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Server.AsyncPresentations;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Tests.AsyncPresentations;

namespace Roundtable.Server.Tests;

/// <summary>
/// Every agenda, timer and stage hub method, called by each kind of caller, in a room where the call makes sense
/// (a live room with a topic, two presentation slots, the first on stage with two slides, its timer running).
/// The learner is the one presenting. The same table is in docs/ACCESS.md.
/// </summary>
public sealed class AgendaStageAccessTableTests(AgendaStageAccessTableTests.Fixture fixture) : IClassFixture<AgendaStageAccessTableTests.Fixture>
{
    public enum Caller { Admin, Coach, Learner, Manager, OtherCohortMember, SignedOut }

    public sealed class Fixture : IAsyncLifetime
    {
        public RoundtableFactory Server { get; private set; } = null!;
        public Dictionary<string, string> Ids { get; private set; } = null!;
        public string OutsiderEmail { get; } = $"outsider-{Guid.NewGuid():N}@example.com";
        /// <summary>An image the presenting learner uploaded to the room's cohort.</summary>
        public string UploadId { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Server = await new RoundtableFactory().StartAsync();
            Ids = await AgendaStageHubTests.MemberIdsAsync(Server);
            using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
            var program = await (await admin.PostAsJsonAsync("/api/programs", new { name = "Other program", description = "" })).Content.ReadFromJsonAsync<ProgramDto>(Json.Options);
            var cohort = await (await admin.PostAsJsonAsync($"/api/programs/{program!.Id}/cohorts", new { name = "Other cohort" })).Content.ReadFromJsonAsync<CohortDto>(Json.Options);
            await Server.NewUserAsync(OutsiderEmail, cohort!.Id, Core.Directory.CohortRole.Coach);
            var (roomCohortId, _) = await Server.SeededCohortAsync();
            using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
            using var uploaded = await AsyncScene.UploadAsync(lena, roomCohortId, AsyncScene.Png, "slide.png", "image/png");
            UploadId = (await uploaded.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<UploadDto>(Json.Options))!.Id;
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    private const bool Allow = true, Deny = false;

    private static readonly (string Method, bool[] Allowed)[] Table =
    [
        // admin, coach, learner (presenting), manager, other cohort's member, signed out
        ("AddAgendaTopic", [Allow, Allow, Deny, Deny, Deny, Deny]),
        ("AddPresentationSlot", [Allow, Allow, Deny, Deny, Deny, Deny]),
        ("RemoveAgendaItem", [Allow, Allow, Deny, Deny, Deny, Deny]),
        ("MoveAgendaItem", [Allow, Allow, Deny, Deny, Deny, Deny]),
        ("AdvanceAgenda", [Allow, Allow, Deny, Deny, Deny, Deny]),
        ("StartTimer", [Allow, Allow, Deny, Deny, Deny, Deny]),
        ("ExtendTimer", [Allow, Allow, Deny, Deny, Deny, Deny]),
        ("StopTimer", [Allow, Allow, Deny, Deny, Deny, Deny]),
        ("StartPresentation", [Allow, Allow, Deny, Deny, Deny, Deny]),
        ("EndPresentation", [Allow, Allow, Deny, Deny, Deny, Deny]),
        ("ShareSlides", [Allow, Allow, Allow, Deny, Deny, Deny]),
        ("ShowSlide", [Allow, Allow, Allow, Deny, Deny, Deny]),
        ("ShareFileSlides", [Allow, Allow, Allow, Deny, Deny, Deny]),
    ];

    public static TheoryData<string, Caller, bool> Rows()
    {
        var rows = new TheoryData<string, Caller, bool>();
        foreach (var (method, allowed) in Table)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                rows.Add(method, caller, allowed[(int)caller]);
            }
        }
        return rows;
    }

    private object?[] Arguments(string method, string roomId) => method switch
    {
        "AddAgendaTopic" => [roomId, "A topic"],
        "AddPresentationSlot" => [roomId, fixture.Ids[RoundtableFactory.LiamEmail], 5],
        "RemoveAgendaItem" => [roomId, "item-1"],
        "MoveAgendaItem" => [roomId, "item-1", 2],
        "AdvanceAgenda" => [roomId],
        "StartTimer" => [roomId, 5, null],
        "ExtendTimer" => [roomId, 1],
        "StopTimer" => [roomId],
        "StartPresentation" => [roomId, "item-3"],
        "EndPresentation" => [roomId],
        "ShareSlides" => [roomId, "new\n---\noutline"],
        "ShowSlide" => [roomId, 1],
        "ShareFileSlides" => [roomId, new[] { fixture.UploadId }],
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    private string? EmailOf(Caller caller) => caller switch
    {
        Caller.Admin => RoundtableFactory.AdminEmail,
        Caller.Coach => RoundtableFactory.CoachEmail,
        Caller.Learner => RoundtableFactory.LenaEmail,
        Caller.Manager => RoundtableFactory.ManagerEmail,
        Caller.OtherCohortMember => fixture.OutsiderEmail,
        _ => null,
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task AgendaAndStageMethodsAllowExactlyTheTable(string method, Caller caller, bool allowed)
    {
        var server = fixture.Server;
        var (roomId, coach) = await AgendaStageHubTests.StartedRoomAsync(server);
        await using var _ = coach;
        await coach.Connection.InvokeAsync("AddAgendaTopic", roomId, "Warm-up");
        await coach.Connection.InvokeAsync("AddPresentationSlot", roomId, fixture.Ids[RoundtableFactory.LenaEmail], 5);
        await coach.Connection.InvokeAsync("AddPresentationSlot", roomId, fixture.Ids[RoundtableFactory.NoorEmail], 5);
        await coach.Connection.InvokeAsync("StartPresentation", roomId, "item-2");
        await coach.Connection.InvokeAsync("ShareSlides", roomId, "one\n---\ntwo");
        var before = await LogReader.RoomVersionAsync(server, roomId);

        var email = EmailOf(caller);
        if (email is null)
        {
            await using var anonymous = RoomClient.Build(server, token: null);
            await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync());
            Assert.False(allowed);
            return;
        }
        await using var client = await RoomClient.ConnectAsync(server, await server.TokenAsync(email));
        var call = client.Connection.InvokeCoreAsync(method, Arguments(method, roomId));
        if (allowed)
        {
            await call;
            Assert.True(await LogReader.RoomVersionAsync(server, roomId) > before, $"{method} by {caller} stored nothing.");
        }
        else
        {
            var error = await Assert.ThrowsAsync<HubException>(() => call);
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            Assert.Equal(before, await LogReader.RoomVersionAsync(server, roomId));
        }
    }

    // Columns as above: admin, coach, learner (presenting), manager, other cohort's member, signed out.
    private static readonly (string Operation, int[] Statuses)[] Endpoints =
    [
        ("GET /api/roundtables/{id}/stage/files/{uploadId}", [200, 200, 200, 200, 404, 401]),
    ];

    public static TheoryData<string, Caller, int> EndpointRows() => AccessTable.Cases<Caller>(Endpoints);

    [Theory]
    [MemberData(nameof(EndpointRows))]
    public async Task StageEndpointsAnswerExactlyTheTable(string operation, Caller caller, int expected)
    {
        var server = fixture.Server;
        var (roomId, coach) = await AgendaStageHubTests.StartedRoomAsync(server);
        await using var _ = coach;
        await coach.Connection.InvokeAsync("AddPresentationSlot", roomId, fixture.Ids[RoundtableFactory.LenaEmail], 5);
        await coach.Connection.InvokeAsync("StartPresentation", roomId, "item-1");
        await coach.Connection.InvokeAsync("ShareFileSlides", roomId, new[] { fixture.UploadId });

        var email = EmailOf(caller);
        using var client = email is null ? server.CreateClient() : server.ClientWithToken(await server.TokenAsync(email));
        using var response = operation switch
        {
            "GET /api/roundtables/{id}/stage/files/{uploadId}" => await client.GetAsync($"/api/roundtables/{roomId}/stage/files/{fixture.UploadId}"),
            _ => throw new ArgumentException($"No such operation in the table: {operation}"),
        };
        Assert.Equal(expected, (int)response.StatusCode);
    }
}
