using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace Roundtable.Server.Tests;

/// <summary>
/// Who may replay a roundtable: whoever may read its transcript, once it has ended. The same table is in
/// docs/ACCESS.md under "Replay".
/// </summary>
public sealed class ReplayAccessTableTests(ReplayAccessTableTests.Fixture fixture) : IClassFixture<ReplayAccessTableTests.Fixture>
{
    /// <summary>The notes table's callers and server (the same six kinds of caller), with an ended, a live and a scheduled roundtable.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public NotesAccessTableTests.Fixture Callers { get; } = new();
        public string EndedRoomId { get; private set; } = "";
        public string LiveRoomId { get; private set; } = "";

        public RoundtableFactory Server => Callers.Server;

        public async Task InitializeAsync()
        {
            await Callers.InitializeAsync();
            EndedRoomId = await Server.NewRoundtableAsync("Replay access, ended");
            LiveRoomId = await Server.NewRoundtableAsync("Replay access, live");
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
        }

        public Task DisposeAsync() => Callers.DisposeAsync();

        public string RoomOf(string operation) => operation switch
        {
            _ when operation.Contains("(ended)", StringComparison.Ordinal) => EndedRoomId,
            _ when operation.Contains("(live)", StringComparison.Ordinal) => LiveRoomId,
            // The notes table's roundtable has never started.
            _ => Callers.RoomId,
        };
    }

    // Columns: admin, coach of this cohort, learner, manager, member of another cohort, signed out.
    public static TheoryData<string, NotesAccessTableTests.Caller, int> Table => AccessTable.Cases<NotesAccessTableTests.Caller>(
    [
        ("GET /api/roundtables/{id}/replay (ended)", [200, 200, 200, 200, 404, 401]),
        // Not yet: members are told why; outsiders still learn nothing of the room.
        ("GET /api/roundtables/{id}/replay (live)", [409, 409, 409, 409, 404, 401]),
        ("GET /api/roundtables/{id}/replay (scheduled)", [409, 409, 409, 409, 404, 401]),
        ("GET /api/roundtables/{id}/replay/checkpoints (ended)", [200, 200, 200, 200, 404, 401]),
        ("GET /api/roundtables/{id}/replay/checkpoints (live)", [409, 409, 409, 409, 404, 401]),
    ]);

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EachCallerGetsExactlyTheStatusInTheTable(string operation, NotesAccessTableTests.Caller caller, int expected)
    {
        var email = fixture.Callers.EmailOf(caller);
        using var client = email is null ? fixture.Server.CreateClient() : await fixture.Server.ClientAsAsync(email);

        var path = operation.Contains("/checkpoints", StringComparison.Ordinal) ? "replay/checkpoints" : "replay";
        using var response = await client.GetAsync($"/api/roundtables/{fixture.RoomOf(operation)}/{path}");

        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
        if (expected >= 400 && expected != 401)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
