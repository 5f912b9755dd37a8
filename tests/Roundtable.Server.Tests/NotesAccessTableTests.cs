using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Notes;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// Who may use the notes: every hub method and endpoint of the feature × every kind of caller, with the exact outcome.
/// The same table is in docs/ACCESS.md under "Notes".
/// </summary>
public sealed class NotesAccessTableTests(NotesAccessTableTests.Fixture fixture) : IClassFixture<NotesAccessTableTests.Fixture>
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
        public string RoomId { get; private set; } = "";
        public string OtherCohortEmail { get; } = $"other-cohort-{Guid.NewGuid():N}@example.com";

        public async Task InitializeAsync()
        {
            Server = await new RoundtableFactory().StartAsync();
            RoomId = await Server.NewRoundtableAsync("Access table");
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
    }

    private const string Allowed = "allowed";
    private const string NotAMember = "refused: not a member";
    private const string Unauthorized = "401";
    private const string NotFound = "404";
    private const string Ok = "200";

    public static TheoryData<string, Caller, string> Table => new()
    {
        { "hub EditSharedNote", Caller.Admin, Allowed },
        { "hub EditSharedNote", Caller.Coach, Allowed },
        { "hub EditSharedNote", Caller.Learner, Allowed },
        { "hub EditSharedNote", Caller.Manager, Allowed },
        { "hub EditSharedNote", Caller.OtherCohortMember, NotAMember },
        { "hub EditSharedNote", Caller.SignedOut, Unauthorized },
        { "GET /api/roundtables/{id}/notes", Caller.Admin, Ok },
        { "GET /api/roundtables/{id}/notes", Caller.Coach, Ok },
        { "GET /api/roundtables/{id}/notes", Caller.Learner, Ok },
        { "GET /api/roundtables/{id}/notes", Caller.Manager, Ok },
        { "GET /api/roundtables/{id}/notes", Caller.OtherCohortMember, NotFound },
        { "GET /api/roundtables/{id}/notes", Caller.SignedOut, Unauthorized },
        { "GET /api/roundtables/{id}/notes.md", Caller.Admin, Ok },
        { "GET /api/roundtables/{id}/notes.md", Caller.Coach, Ok },
        { "GET /api/roundtables/{id}/notes.md", Caller.Learner, Ok },
        { "GET /api/roundtables/{id}/notes.md", Caller.Manager, Ok },
        { "GET /api/roundtables/{id}/notes.md", Caller.OtherCohortMember, NotFound },
        { "GET /api/roundtables/{id}/notes.md", Caller.SignedOut, Unauthorized },
        { "GET /api/roundtables/{id}/earlier-notes", Caller.Admin, Ok },
        { "GET /api/roundtables/{id}/earlier-notes", Caller.Coach, Ok },
        { "GET /api/roundtables/{id}/earlier-notes", Caller.Learner, Ok },
        { "GET /api/roundtables/{id}/earlier-notes", Caller.Manager, Ok },
        { "GET /api/roundtables/{id}/earlier-notes", Caller.OtherCohortMember, NotFound },
        { "GET /api/roundtables/{id}/earlier-notes", Caller.SignedOut, Unauthorized },
        { "GET /api/roundtables/{id}/my-note", Caller.Admin, Ok },
        { "GET /api/roundtables/{id}/my-note", Caller.Coach, Ok },
        { "GET /api/roundtables/{id}/my-note", Caller.Learner, Ok },
        { "GET /api/roundtables/{id}/my-note", Caller.Manager, Ok },
        { "GET /api/roundtables/{id}/my-note", Caller.OtherCohortMember, NotFound },
        { "GET /api/roundtables/{id}/my-note", Caller.SignedOut, Unauthorized },
        { "PUT /api/roundtables/{id}/my-note", Caller.Admin, Ok },
        { "PUT /api/roundtables/{id}/my-note", Caller.Coach, Ok },
        { "PUT /api/roundtables/{id}/my-note", Caller.Learner, Ok },
        { "PUT /api/roundtables/{id}/my-note", Caller.Manager, Ok },
        { "PUT /api/roundtables/{id}/my-note", Caller.OtherCohortMember, NotFound },
        { "PUT /api/roundtables/{id}/my-note", Caller.SignedOut, Unauthorized },
        { "GET /api/my-notes", Caller.Admin, Ok },
        { "GET /api/my-notes", Caller.Coach, Ok },
        { "GET /api/my-notes", Caller.Learner, Ok },
        { "GET /api/my-notes", Caller.Manager, Ok },
        { "GET /api/my-notes", Caller.OtherCohortMember, Ok },
        { "GET /api/my-notes", Caller.SignedOut, Unauthorized },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EachCallerGetsExactlyTheOutcomeInTheTable(string operation, Caller caller, string expected)
    {
        var server = fixture.Server;
        var email = fixture.EmailOf(caller);
        var token = email is null ? null : await server.TokenAsync(email);
        Assert.Equal(expected, operation.StartsWith("hub ", StringComparison.Ordinal)
            ? await HubOutcomeAsync(server, token)
            : await HttpOutcomeAsync(server, token, operation));
    }

    private async Task<string> HubOutcomeAsync(RoundtableFactory server, string? token)
    {
        await using var connection = RoomClient.Build(server, token);
        try
        {
            await connection.StartAsync();
        }
        catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
        {
            return Unauthorized;
        }
        var version = await server.Get<RoomCommandRunner>().ReadAsync(fixture.RoomId, state => state.Feature<SharedNotesState>().SharedNote.Version);
        try
        {
            var result = await connection.InvokeAsync<SharedNoteResult>("EditSharedNote", fixture.RoomId, version, $"edit {Guid.NewGuid():N}");
            return result.Outcome is SharedNoteOutcome.Saved or SharedNoteOutcome.Merged ? Allowed : result.Outcome.ToString();
        }
        catch (HubException ex) when (ex.Message.Contains("not a member", StringComparison.Ordinal))
        {
            return NotAMember;
        }
    }

    private async Task<string> HttpOutcomeAsync(RoundtableFactory server, string? token, string operation)
    {
        using var client = token is null ? server.CreateClient() : server.ClientWithToken(token);
        var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1].Replace("{id}", fixture.RoomId));
        using var response = method == "PUT"
            ? await PutMyNoteAsync(client, path)
            : await client.GetAsync(path);
        return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<HttpResponseMessage> PutMyNoteAsync(HttpClient client, string path)
    {
        // From the version this caller last saved, so the only possible refusals are about who is asking.
        using var current = await client.GetAsync(path);
        var version = current.IsSuccessStatusCode ? (await current.Content.ReadFromJsonAsync<Notes.PrivateNoteDto>(Json.Options))!.Version : 0;
        return await client.PutAsJsonAsync(path, new { baseVersion = version, markdown = "mine" });
    }
}
