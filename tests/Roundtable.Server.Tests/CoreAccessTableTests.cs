using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// The core hub methods, called by each kind of caller in a fresh roundtable: allowed or refused, exactly.
/// With the feature tables (moderation, agenda and stage, queue/questions/polls, notes) this covers every hub
/// method; all of them are in docs/ACCESS.md.
/// </summary>
public sealed class CoreAccessTableTests(QueueQaPollAccessFixture fixture) : IClassFixture<QueueQaPollAccessFixture>
{
    private const bool Allow = true;
    private const bool Deny = false;

    // Columns: admin, coach of this cohort, learner, manager, member of another cohort, signed out.
    public static TheoryData<string, bool, bool, bool, bool, bool, bool> Table => new()
    {
        { "Join", Allow, Allow, Allow, Allow, Deny, Deny },
        { "PostMessage", Allow, Allow, Allow, Allow, Deny, Deny },
        // Each caller's own message, just sent (outsiders cannot send one, and try the room's first event).
        { "EditMessage", Allow, Allow, Allow, Allow, Deny, Deny },
        { "DeleteMessage", Allow, Allow, Allow, Allow, Deny, Deny },
        { "Catchup", Allow, Allow, Allow, Allow, Deny, Deny },
        { "StartRoundtable", Allow, Allow, Deny, Deny, Deny, Deny },
        { "EndRoundtable", Allow, Allow, Deny, Deny, Deny, Deny },
        // Leaving a room one is not in changes nothing; previewing Markdown touches no room.
        { "Leave", Allow, Allow, Allow, Allow, Allow, Deny },
        { "PreviewMarkdown", Allow, Allow, Allow, Allow, Allow, Deny },
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
        if (email is null)
        {
            await using var anonymous = RoomClient.Build(server, null);
            try
            {
                await anonymous.StartAsync();
                await Invoke(anonymous, method, roomId, 1);
                return (true, "allowed");
            }
            catch (Exception ex)
            {
                return (false, ex.Message);
            }
        }

        await using var caller = await RoomClient.ConnectAsync(server, await server.TokenAsync(email));
        if (method is not "Join")
        {
            try
            {
                await caller.JoinAsync(roomId);
            }
            catch (HubException)
            {
                // Outsiders cannot join; they may still try the method directly.
            }
        }
        long ownMessage = 1;
        if (method is "EditMessage" or "DeleteMessage")
        {
            try
            {
                ownMessage = (await caller.PostAsync("mine")).Seq;
            }
            catch (HubException)
            {
                // Outsiders cannot send one.
            }
        }
        var before = await LogReader.RoomVersionAsync(server, roomId);
        try
        {
            await Invoke(caller.Connection, method, roomId, ownMessage);
            return (true, "allowed");
        }
        catch (HubException ex)
        {
            // A refusal stores nothing, and the connection keeps working.
            Assert.Equal(before, await LogReader.RoomVersionAsync(server, roomId));
            await caller.Connection.InvokeAsync<string>("PreviewMarkdown", "still here");
            return (false, ex.Message);
        }
    }

    private static Task Invoke(HubConnection c, string method, string roomId, long messageSeq) => method switch
    {
        "EditMessage" => c.InvokeAsync(method, roomId, messageSeq, "mine, edited"),
        "DeleteMessage" => c.InvokeAsync(method, roomId, messageSeq),
        "Join" => c.InvokeAsync<JoinResult>(method, new JoinRequest(roomId, RoomProtocol.Version)),
        "PostMessage" => c.InvokeAsync<PostMessageResult>(method, new PostMessageRequest(roomId, "Hello", null)),
        "Catchup" => c.InvokeAsync<CatchupResult>(method, roomId, 0L),
        "PreviewMarkdown" => c.InvokeAsync<string>(method, "**bold**"),
        _ => c.InvokeAsync(method, roomId),
    };
}
