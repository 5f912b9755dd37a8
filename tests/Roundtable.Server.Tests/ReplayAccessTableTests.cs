using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Server.Cohorts;

namespace Roundtable.Server.Tests;

/// <summary>
/// Who may replay a roundtable: whoever may read its transcript, once it has ended. The same table is in
/// docs/ACCESS.md under "Replay".
/// </summary>
public sealed class ReplayAccessTableTests(ReplayAccessTableTests.Fixture fixture) : IClassFixture<ReplayAccessTableTests.Fixture>
{
    public enum Caller
    {
        Admin,
        Coach,
        Learner,
        Manager,
        OtherCohortMember,
        SignedOut,
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public RoundtableFactory Server { get; private set; } = null!;
        public string EndedRoomId { get; private set; } = "";
        public string LiveRoomId { get; private set; } = "";
        public string ScheduledRoomId { get; private set; } = "";
        public string OtherCohortEmail { get; } = $"other-cohort-{Guid.NewGuid():N}@example.com";

        public async Task InitializeAsync()
        {
            Server = await new RoundtableFactory().StartAsync();
            EndedRoomId = await Server.NewRoundtableAsync("Replay access, ended");
            LiveRoomId = await Server.NewRoundtableAsync("Replay access, live");
            ScheduledRoomId = await Server.NewRoundtableAsync("Replay access, scheduled");
            await using (var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), EndedRoomId))
            {
                await coach.Connection.InvokeAsync("StartRoundtable", EndedRoomId);
                await coach.PostAsync("Said before the end");
                await coach.Connection.InvokeAsync("EndRoundtable", EndedRoomId);
            }
            await using (var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), LiveRoomId))
            {
                await coach.Connection.InvokeAsync("StartRoundtable", LiveRoomId);
            }
            using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
            var program = (await admin.GetFromJsonAsync<ProgramDto[]>("/api/programs", Json.Options))![0];
            using var created = await admin.PostAsJsonAsync($"/api/programs/{program.Id}/cohorts", new { name = "Another cohort" });
            var otherCohort = (await created.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!;
            await Server.NewUserAsync(OtherCohortEmail, otherCohort.Id);
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();

        public string? EmailOf(Caller caller) => caller switch
        {
            Caller.Admin => RoundtableFactory.AdminEmail,
            Caller.Coach => RoundtableFactory.CoachEmail,
            Caller.Learner => RoundtableFactory.LenaEmail,
            Caller.Manager => RoundtableFactory.ManagerEmail,
            Caller.OtherCohortMember => OtherCohortEmail,
            _ => null,
        };

        public string RoomOf(string operation) => operation switch
        {
            _ when operation.Contains("(ended)", StringComparison.Ordinal) => EndedRoomId,
            _ when operation.Contains("(live)", StringComparison.Ordinal) => LiveRoomId,
            _ => ScheduledRoomId,
        };
    }

    // Columns: admin, coach of this cohort, learner, manager, member of another cohort, signed out.
    public static TheoryData<string, Caller, int> Table => AccessTable.Cases<Caller>(
    [
        ("GET /api/roundtables/{id}/replay (ended)", [200, 200, 200, 200, 404, 401]),
        // Not yet: members are told why; outsiders still learn nothing of the room.
        ("GET /api/roundtables/{id}/replay (live)", [409, 409, 409, 409, 404, 401]),
        ("GET /api/roundtables/{id}/replay (scheduled)", [409, 409, 409, 409, 404, 401]),
    ]);

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EachCallerGetsExactlyTheStatusInTheTable(string operation, Caller caller, int expected)
    {
        var email = fixture.EmailOf(caller);
        using var client = email is null ? fixture.Server.CreateClient() : await fixture.Server.ClientAsAsync(email);

        using var response = await client.GetAsync($"/api/roundtables/{fixture.RoomOf(operation)}/replay");

        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
        if (expected >= 400 && expected != 401)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
