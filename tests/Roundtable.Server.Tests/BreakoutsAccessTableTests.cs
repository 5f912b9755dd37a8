using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// Every breakout hub method, called by each kind of caller in a live room where Lena and Noor are present (and, for
/// all but OpenBreakouts, in two groups already open; for ChooseBreakoutGroup, groups to choose from; for the calls for
/// help, Liam put with Lena in the first group, which asks for help from its room (Lena's call, for the cancel and the
/// handling)): allowed or refused, exactly. The same table is in docs/ACCESS.md.
/// </summary>
public sealed class BreakoutsAccessTableTests(QueueQaPollAccessFixture fixture) : IClassFixture<QueueQaPollAccessFixture>
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
        { "AskForBreakoutHelp", Deny, Deny, Allow, Deny, Deny, Deny },
        { "CancelBreakoutHelp", Deny, Deny, Allow, Deny, Deny, Deny },
        { "HandleBreakoutHelp", Allow, Allow, Deny, Deny, Deny, Deny },
    };

    private static bool IsHelp(string method) => method is "AskForBreakoutHelp" or "CancelBreakoutHelp" or "HandleBreakoutHelp";

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
        using var liamApi = await server.ClientAsAsync(RoundtableFactory.LiamEmail);
        var liamId = (await liamApi.GetFromJsonAsync<Roundtable.Server.Accounts.UserDto>("/api/me", Json.Options))!.Id;
        var request = IsHelp(method)
            ? new OpenBreakoutsRequest(BreakoutStrategy.Manual, 2, 10, new() { [lena.Joined!.UserId] = 0, [liamId] = 0, [noor.Joined!.UserId] = 1 })
            : new OpenBreakoutsRequest(method == "ChooseBreakoutGroup" ? BreakoutStrategy.Choose : BreakoutStrategy.Random, 2, 10, null);
        var groups = method == "OpenBreakouts"
            ? []
            : (await coach.Connection.InvokeAsync<BreakoutsView?>("OpenBreakouts", roomId, request))!.Groups;
        if (method is "CancelBreakoutHelp" or "HandleBreakoutHelp")
        {
            await using var lenaInGroup = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LenaEmail), groups[0].RoomId);
            await lenaInGroup.Connection.InvokeAsync("AskForBreakoutHelp", groups[0].RoomId);
        }
        var rooms = server.Get<Roundtable.Server.Storage.RoundtableDb>().Roundtables.Count();
        // A refusal creates no room either.
        return await AccessTable.CallInRoomAsync(server, roomId, email, c => Invoke(c, method, roomId, groups, lena.Joined!.UserId),
            () => Assert.Equal(rooms, server.Get<Roundtable.Server.Storage.RoundtableDb>().Roundtables.Count()));
    }

    private static Task Invoke(HubConnection c, string method, string roomId, IReadOnlyList<BreakoutGroup> groups, string lenaId) => method switch
    {
        "OpenBreakouts" => c.InvokeAsync<BreakoutsView?>(method, roomId, new OpenBreakoutsRequest(BreakoutStrategy.Random, 2, 10, null)),
        "BroadcastToBreakouts" => c.InvokeAsync(method, roomId, "Wrap up, please."),
        "MoveBreakoutMember" => c.InvokeAsync(method, roomId, lenaId, groups.Single(g => g.Members.All(m => m.UserId != lenaId)).RoomId),
        "ChooseBreakoutGroup" => c.InvokeAsync(method, roomId, groups[1].RoomId),
        "ExtendBreakouts" => c.InvokeAsync(method, roomId, 5),
        "AskForBreakoutHelp" or "CancelBreakoutHelp" => c.InvokeAsync(method, groups[0].RoomId),
        "HandleBreakoutHelp" => c.InvokeAsync(method, roomId, groups[0].RoomId),
        _ => c.InvokeAsync(method, roomId),
    };
}
