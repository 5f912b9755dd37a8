using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Directory;
using Roundtable.Core.Rooms;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// Every breakout hub method, called by each kind of caller in a live room where Lena and Noor are present (and, for
/// all but OpenBreakouts, in two groups already open; for ChooseBreakoutGroup, groups to choose from): allowed or
/// refused, exactly. The same table is in docs/ACCESS.md.
/// </summary>
public sealed class BreakoutsAccessTableTests(BreakoutsAccessFixture fixture) : IClassFixture<BreakoutsAccessFixture>
{
    private const bool Allow = true;
    private const bool Deny = false;

    // Columns: admin, coach of this cohort, learner, manager, member of another cohort, signed out.
    public static TheoryData<string, bool, bool, bool, bool, bool, bool> Table => new()
    {
        { "OpenBreakouts", Allow, Allow, Deny, Deny, Deny, Deny },
        { "BroadcastToBreakouts", Allow, Allow, Deny, Deny, Deny, Deny },
        { "MoveBreakoutMember", Allow, Allow, Deny, Deny, Deny, Deny },
        { "ChooseBreakoutGroup", Deny, Deny, Allow, Deny, Deny, Deny },
        { "ExtendBreakouts", Allow, Allow, Deny, Deny, Deny, Deny },
        { "CloseBreakouts", Allow, Allow, Deny, Deny, Deny, Deny },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EachCallerIsAllowedOrRefusedExactly(string method, bool admin, bool coach, bool learner, bool manager, bool otherCohort, bool signedOut)
    {
        await AccessTable.AssertRowAsync(method, fixture.OtherCohortEmail, [admin, coach, learner, manager, otherCohort, signedOut],
            email => CallAsync(method, email));
    }

    private async Task<(bool Allowed, string Detail)> CallAsync(string method, string? email)
    {
        var server = fixture.Server;
        var roomId = await server.NewRoundtableAsync();
        await using var coach = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        await coach.Connection.InvokeAsync("StartRoundtable", roomId);
        await using var lena = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await using var noor = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.NoorEmail), roomId);
        var groups = method == "OpenBreakouts"
            ? []
            : (await coach.Connection.InvokeAsync<BreakoutsView?>("OpenBreakouts", roomId,
                new OpenBreakoutsRequest(method == "ChooseBreakoutGroup" ? BreakoutStrategy.Choose : BreakoutStrategy.Random, 2, 10, null)))!.Groups;
        var rooms = server.Get<Roundtable.Server.Storage.RoundtableDb>().Roundtables.Count();

        if (email is null)
        {
            await using var anonymous = RoomClient.Build(server, null);
            try
            {
                await anonymous.StartAsync();
                await Invoke(anonymous, method, roomId, groups, lena.Joined!.UserId);
                return (true, "allowed");
            }
            catch (Exception ex)
            {
                return (false, ex.Message);
            }
        }

        await using var caller = await RoomClient.ConnectAsync(server, await server.TokenAsync(email));
        try
        {
            await caller.JoinAsync(roomId);
        }
        catch (HubException)
        {
            // Outsiders cannot join; they may still try the method directly.
        }
        var joined = await LogReader.RoomVersionAsync(server, roomId);
        try
        {
            await Invoke(caller.Connection, method, roomId, groups, lena.Joined!.UserId);
            var after = await LogReader.RoomVersionAsync(server, roomId);
            return (true, $"allowed ({after - joined} events)");
        }
        catch (HubException ex)
        {
            // A refusal stores nothing beyond the caller's own join, creates no room, and the connection keeps working.
            Assert.Equal(joined, await LogReader.RoomVersionAsync(server, roomId));
            Assert.Equal(rooms, server.Get<Roundtable.Server.Storage.RoundtableDb>().Roundtables.Count());
            await caller.Connection.InvokeAsync<string>("PreviewMarkdown", "still here");
            return (false, ex.Message);
        }
    }

    private static Task Invoke(HubConnection c, string method, string roomId, IReadOnlyList<BreakoutGroup> groups, string lenaId) => method switch
    {
        "OpenBreakouts" => c.InvokeAsync<BreakoutsView?>(method, roomId, new OpenBreakoutsRequest(BreakoutStrategy.Random, 2, 10, null)),
        "BroadcastToBreakouts" => c.InvokeAsync(method, roomId, "Wrap up, please."),
        "MoveBreakoutMember" => c.InvokeAsync(method, roomId, lenaId, groups.Single(g => g.Members.All(m => m.UserId != lenaId)).RoomId),
        "ChooseBreakoutGroup" => c.InvokeAsync(method, roomId, groups[1].RoomId),
        "ExtendBreakouts" => c.InvokeAsync(method, roomId, 5),
        _ => c.InvokeAsync(method, roomId),
    };
}

public sealed class BreakoutsAccessFixture : IAsyncLifetime
{
    public RoundtableFactory Server { get; private set; } = null!;

    public string OtherCohortEmail { get; } = $"other-{Guid.NewGuid():N}@example.com";

    public async Task InitializeAsync()
    {
        Server = await new RoundtableFactory().StartAsync();
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        using var program = await admin.PostAsJsonAsync("/api/programs", new { name = "Other program", description = "" });
        var programId = (await program.Content.ReadFromJsonAsync<ProgramDto>(Json.Options))!.Id;
        using var cohort = await admin.PostAsJsonAsync($"/api/programs/{programId}/cohorts", new { name = "Other cohort" });
        var cohortId = (await cohort.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!.Id;
        await Server.NewUserAsync(OtherCohortEmail, cohortId, CohortRole.Learner);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
