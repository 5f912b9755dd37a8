using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// Every voice, video and screen-sharing hub method, called by each kind of caller joined to a room where Lena is
/// present: allowed or refused, exactly. The same table is in docs/ACCESS.md under "Voice, video and screen sharing".
/// </summary>
public sealed class MediaAccessTableTests(QueueQaPollAccessFixture fixture) : IClassFixture<QueueQaPollAccessFixture>
{
    private const bool Allow = true;
    private const bool Deny = false;

    // Columns: admin, coach of this cohort, learner, manager, member of another cohort, signed out.
    public static TheoryData<string, bool, bool, bool, bool, bool, bool> Table => new()
    {
        { "GetMediaAccess", Allow, Allow, Allow, Allow, Deny, Deny },
        { "MuteMedia", Allow, Allow, Deny, Deny, Deny, Deny },
        { "UnmuteMedia", Allow, Allow, Deny, Deny, Deny, Deny },
        { "SetMediaPolicy", Allow, Allow, Deny, Deny, Deny, Deny },
        { "ReportMediaState", Allow, Allow, Allow, Allow, Deny, Deny },
        { "StartScreenShare", Allow, Allow, Deny, Deny, Deny, Deny },
        { "StopScreenShare", Allow, Allow, Deny, Deny, Deny, Deny },
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
        await using var lena = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        return await AccessTable.CallInRoomAsync(server, roomId, email, c => Invoke(c, method, roomId));
    }

    private Task Invoke(HubConnection c, string method, string roomId) => method switch
    {
        "GetMediaAccess" => c.InvokeAsync<MediaAccess>(method, roomId),
        "MuteMedia" or "UnmuteMedia" => c.InvokeAsync(method, roomId, fixture.LenaId, "audio"),
        "SetMediaPolicy" => c.InvokeAsync(method, roomId, true, true),
        "ReportMediaState" => c.InvokeAsync(method, roomId, true, true, false),
        "StopScreenShare" => c.InvokeAsync(method, roomId, fixture.LenaId),
        _ => c.InvokeAsync(method, roomId),
    };
}
